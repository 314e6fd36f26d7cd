//! The command line: parse, then call `app` (or serve the web).

mod api_key;
mod demo;
mod generate;
mod import;
mod rollups;
mod serve;
mod user;

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "heatline",
    version,
    about = "The heating-season hotline: calls, tickets, routing, inspections, callbacks, HQ."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web UI and the API.
    Serve(Config),
    /// Create and seed `heatline-demo.db` on first run, then serve it.
    Demo(demo::DemoArgs),
    /// Apply database migrations and exit.
    Migrate(Config),
    /// Manage staff users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Bulk imports.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write realistic tickets in bulk (seeds the demo registry into an empty database).
    Generate(generate::GenerateArgs),
    /// Keys of client systems (Open311).
    #[command(subcommand)]
    ApiKey(api_key::ApiKeyCommand),
    /// Recount the tickets and compare with the dashboard's rollups.
    VerifyRollups(rollups::VerifyArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    // The demo starts with a few hundred notifications due; a line for each
    // would scroll its URL and logins off the screen.
    init_logging(match cli.command {
        Command::Demo(_) => "info,sqlx=warn,heatline::app::notification=warn",
        _ => "info,sqlx=warn",
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve(config) => serve::run(config).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Migrate(config) => {
                store::db::Db::connect(config.database_url()).await?;
                println!("migrations applied");
                Ok(())
            }
            Command::User(cmd) => user::run(cmd).await,
            Command::Import(cmd) => import::run(cmd).await,
            Command::ApiKey(cmd) => api_key::run(cmd).await,
            Command::VerifyRollups(args) => rollups::run(args).await,
            Command::Generate(args) => generate::run(args).await,
        }
    })
}

fn init_logging(default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// Connects to the configured database and builds the use-case context.
async fn context(config: &Config) -> anyhow::Result<crate::app::Ctx> {
    use anyhow::Context as _;
    let url = config.database_url();
    let db = store::db::Db::connect(url)
        .await
        .with_context(|| format!("opening database {}", store::db::redact(url)))?;
    crate::app::Ctx::new(db).await
}
