//! Configuration, from flags or the environment.

use clap::Parser;
use std::net::IpAddr;
use std::path::PathBuf;

/// Qadam: live kanban boards for a delivery office.
#[derive(Clone, Debug, Parser)]
#[command(name = "qadam-server", version)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "QADAM_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "QADAM_PORT", default_value_t = 3000)]
    pub port: u16,
    /// Database: a SQLite file path or `sqlite://` URL; created and migrated on first start.
    #[arg(long, env = "QADAM_DATABASE", default_value = "qadam.db")]
    pub database: String,
    /// Directory holding the built browser app (index.html, wasm, js, css), instead of the one
    /// built into the server (for development).
    #[arg(long, env = "QADAM_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Leave an empty database empty instead of creating the ten teams' boards.
    #[arg(long, env = "QADAM_NO_SEED")]
    pub no_seed: bool,
    /// Seed an empty database with a quarter of made-up history (tasks created, moved, judged
    /// and extended over 90 days), for trying the portfolio and the board as it was; every
    /// board says so on its first card. Never the default.
    #[arg(long, env = "QADAM_DEMO")]
    pub demo: bool,
    /// Origins (e.g. https://intranet.example.kz) whose pages may frame embedded boards;
    /// comma-separated. Without any, embeds can be framed by no one.
    #[arg(long, env = "QADAM_EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<String>,
    /// Addresses of reverse proxies (e.g. 127.0.0.1 for nginx on the same machine) whose
    /// `X-Forwarded-For` header names the client; comma-separated. Sign-in throttling counts
    /// per client, so set this behind a proxy.
    #[arg(long, env = "QADAM_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Host names (with a port where it is not the default) this server answers for, besides
    /// loopback names; comma-separated, e.g. qadam.gov.kz. Others get 421, against DNS
    /// rebinding.
    #[arg(long, env = "QADAM_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Hours a session may go unused before it ends.
    #[arg(long, env = "QADAM_SESSION_IDLE_HOURS", default_value_t = 12)]
    pub session_idle_hours: u32,
    /// Operations one person may send per second, sustained (30 seconds' worth at once).
    #[arg(long, env = "QADAM_OPS_PER_SECOND", default_value_t = 20)]
    pub ops_per_second: u32,
    /// Address for Prometheus to scrape `/metrics` from (e.g. 127.0.0.1:9300), apart from the
    /// app's; off when not given.
    #[arg(long, env = "QADAM_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// Let webhooks reach this machine's loopback addresses (a receiver beside the server);
    /// refused by default, so a board's lead cannot make the server call its own services.
    #[arg(long, env = "QADAM_WEBHOOKS_TO_LOOPBACK")]
    pub webhooks_to_loopback: bool,
    /// Milliseconds before a failed webhook delivery is tried again; each next wait is three
    /// times longer (at most six hours), and a delivery is given up after ten tries.
    #[arg(long, env = "QADAM_WEBHOOK_RETRY_MS", default_value_t = 30_000)]
    pub webhook_retry_ms: u64,
    /// How the log is written: `text` for people, `json` (one object per line) for a log
    /// collector.
    #[arg(long, env = "QADAM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How the log is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The defaults, on the given database and a free port: for tests and tools.
    pub fn for_database(database: &str) -> Self {
        Self::parse_from(["qadam-server", "--port", "0", "--database", database])
    }
}
