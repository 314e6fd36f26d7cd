//! `heatline verify-rollups [--repair]`: recounts the tickets and compares
//! with the rollups the dashboard reads; exits non-zero on any difference.

use clap::Args;

use crate::app::stats::rollups::{rebuild_rollups, verify_rollups};
use crate::app::user::command_line_actor;
use crate::config::Config;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    config: Config,
    /// After reporting differences, rebuild the rollups from the tickets.
    #[arg(long)]
    repair: bool,
}

pub async fn run(args: VerifyArgs) -> anyhow::Result<()> {
    let ctx = super::context(&args.config).await?;
    let actor = command_line_actor();
    let started = std::time::Instant::now();
    let diffs = verify_rollups(&ctx, &actor).await?;
    for d in &diffs {
        let k = &d.key;
        println!(
            "{} district={} category={} organization={} status={} closed_late={}: stored {} counted {}",
            k.day,
            k.district_id.map_or(0, |x| x.0),
            k.category.as_code(),
            k.organization_id.map_or(0, |x| x.0),
            k.status.as_code(),
            k.closed_late,
            d.stored,
            d.counted
        );
    }
    let secs = started.elapsed().as_secs_f64();
    if diffs.is_empty() {
        println!("rollups match the tickets ({secs:.1} s)");
        return Ok(());
    }
    if args.repair {
        let cells = rebuild_rollups(&ctx, &actor).await?;
        println!("rebuilt the rollups: {cells} cells");
    }
    anyhow::bail!("{} rollup cells differ from the tickets", diffs.len())
}
