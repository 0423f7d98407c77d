use clap::{Parser, Subcommand};
use qadam_server::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// jemalloc, purging in a background thread: freed memory goes back to the system within
/// seconds (glibc's allocator kept the memory of thousands of viewers after they left).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "qadam-server",
    version,
    about = "Qadam: live kanban boards for a delivery office"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Create a Project Office administrator (the password is read from QADAM_ADMIN_PASSWORD, or
    /// generated and printed).
    CreateAdmin {
        #[arg(long)]
        login: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Write a consistent copy of the SQLite database to FILE, while the server runs or not
    /// (for PostgreSQL, use pg_dump).
    Backup { file: std::path::PathBuf },
    /// Replace the SQLite database with the backup FILE; the server must be stopped. The
    /// database it replaces is kept beside it, ending in `.before-restore`.
    Restore { file: std::path::PathBuf },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "qadam_server=info,tower_http=warn".into());
    let log = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.config.log_format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().with_current_span(true).init(),
    }
    if let Err(e) = tikv_jemalloc_ctl::background_thread::write(true) {
        tracing::warn!("memory will be given back only as the server allocates: {e}");
    }
    match cli.command {
        None => qadam_server::run(cli.config).await,
        Some(Command::CreateAdmin { login, name }) => {
            let password = std::env::var("QADAM_ADMIN_PASSWORD").ok();
            let printed = password.is_none();
            let password =
                qadam_server::accounts::create_admin(&cli.config, &login, &name, password).await?;
            if printed {
                println!("Created administrator {login} with password: {password}");
            } else {
                println!("Created administrator {login}.");
            }
            Ok(())
        }
        Some(Command::Backup { file }) => {
            let bytes = qadam_server::backup::backup(&cli.config.database, &file).await?;
            println!("Backed up to {} ({} KB).", file.display(), bytes / 1024);
            Ok(())
        }
        Some(Command::Restore { file }) => {
            let kept = qadam_server::backup::restore(&cli.config.database, &file).await?;
            println!("Restored {} from {}.", cli.config.database, file.display());
            if let Some(kept) = kept {
                println!("The database it replaced is kept as {}.", kept.display());
            }
            Ok(())
        }
    }
}
