//! `heatline user add`.

use clap::{Args, Subcommand};

use crate::app::AppError;
use crate::app::user::{AddUser, add_user, command_line_actor};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff user.
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    config: Config,
    #[arg(long)]
    login: String,
    #[arg(long)]
    password: String,
    /// operator, organization, district_hq, city_hq, controller, admin.
    #[arg(long)]
    role: String,
    #[arg(long)]
    name: Option<String>,
    /// The organization (id or name) an `organization` user works for.
    #[arg(long)]
    organization: Option<String>,
    /// The district (id or name) a `district_hq` user oversees.
    #[arg(long)]
    district: Option<String>,
}

pub async fn run(cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => {
            let ctx = super::context(&args.config).await?;
            let input = AddUser {
                login: args.login.clone(),
                name: args.name,
                password: args.password,
                role: args.role,
                organization: args.organization,
                district: args.district,
            };
            match add_user(&ctx, &command_line_actor(), input).await {
                Ok(id) => {
                    println!("user {} created (id {})", args.login, id.0);
                    Ok(())
                }
                Err(AppError::Invalid(errors)) => {
                    let tr = crate::web::i18n::Tr::new(crate::web::i18n::Locale::En);
                    for (field, problems) in errors.iter() {
                        for p in problems {
                            eprintln!("error: --{}: {}", field, tr.problem(p));
                        }
                    }
                    anyhow::bail!("user not created")
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
