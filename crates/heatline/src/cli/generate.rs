//! `heatline generate --tickets N [--seed S]`: realistic history in bulk for
//! scale tests and benchmarks.

use clap::Args;

use crate::app::generate::{GenerateTickets, generate_tickets};
use crate::app::user::command_line_actor;
use crate::config::Config;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    config: Config,
    /// How many tickets to write.
    #[arg(long)]
    tickets: u64,
    /// The same seed on the same registry writes the same history.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

pub async fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let ctx = super::context(&args.config).await?;
    let input = GenerateTickets {
        tickets: args.tickets,
        seed: args.seed,
    };
    let report = generate_tickets(&ctx, &command_line_actor(), input).await?;
    if report.registry_seeded {
        println!("the database had no buildings: seeded the demo registry and logins");
    }
    println!(
        "{} tickets and {} events written in {:.2} s ({:.0} tickets/s)",
        report.tickets,
        report.events,
        report.seconds,
        report.tickets as f64 / report.seconds.max(1e-9)
    );
    ctx.db().close().await;
    Ok(())
}
