//! `heatline api-key create|list|revoke`: keys of client systems (Open311).

use clap::{Args, Subcommand};
use domain::api_key::ApiKeyId;

use crate::app::AppError;
use crate::app::api_key::{CreateApiKey, create_api_key, list_api_keys, revoke_api_key};
use crate::app::user::command_line_actor;
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key for a client system and print it (it is shown only once).
    Create(CreateArgs),
    /// List the keys (never the secrets).
    List(ListArgs),
    /// Revoke a key by its id.
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    config: Config,
    /// The client system's name.
    #[arg(long)]
    name: String,
    /// Its rate limit.
    #[arg(long)]
    requests_per_minute: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    config: Config,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    config: Config,
    id: i64,
}

pub async fn run(cmd: ApiKeyCommand) -> anyhow::Result<()> {
    let actor = command_line_actor();
    match cmd {
        ApiKeyCommand::Create(args) => {
            let ctx = super::context(&args.config).await?;
            let input = CreateApiKey {
                name: args.name,
                requests_per_minute: args.requests_per_minute.map(|n| n.to_string()),
            };
            let created = create_api_key(&ctx, &actor, input).await.map_err(explain)?;
            eprintln!(
                "api key {} created for {:?} ({} requests per minute); it is shown only once:",
                created.key.id.0, created.key.name, created.key.requests_per_minute
            );
            println!("{}", created.secret);
            Ok(())
        }
        ApiKeyCommand::List(args) => {
            let ctx = super::context(&args.config).await?;
            for key in list_api_keys(&ctx, &actor).await.map_err(explain)? {
                let state = match key.revoked_at {
                    Some(at) => format!("revoked {}", domain::calendar::rfc3339(at)),
                    None => "active".into(),
                };
                println!(
                    "{}\t{}…\t{}/min\t{}\t{}",
                    key.id.0, key.prefix, key.requests_per_minute, state, key.name
                );
            }
            Ok(())
        }
        ApiKeyCommand::Revoke(args) => {
            let ctx = super::context(&args.config).await?;
            let key = revoke_api_key(&ctx, &actor, ApiKeyId(args.id))
                .await
                .map_err(explain)?;
            println!("api key {} ({}) revoked", key.id.0, key.name);
            Ok(())
        }
    }
}

fn explain(err: AppError) -> anyhow::Error {
    match err {
        AppError::Invalid(errors) => {
            let tr = crate::web::i18n::Tr::new(crate::web::i18n::Locale::En);
            let text: Vec<String> = errors
                .iter()
                .flat_map(|(field, problems)| {
                    problems
                        .iter()
                        .map(move |p| format!("--{}: {}", field.replace('_', "-"), tr.problem(p)))
                })
                .collect();
            anyhow::anyhow!("api key not changed: {}", text.join("; "))
        }
        AppError::NotFound => anyhow::anyhow!("no such api key"),
        other => other.into(),
    }
}
