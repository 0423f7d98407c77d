use clap::Parser;
use qadam_server::config::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "qadam_server=info,tower_http=warn".into()),
        )
        .init();
    qadam_server::run(Config::parse()).await
}
