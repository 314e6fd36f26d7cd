//! `heatline import buildings FILE.csv`.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};

use crate::app::import::import_buildings;
use crate::app::user::command_line_actor;
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Buildings: `address,district,management_company,heat_supplier[,latitude,longitude,apartments,year_built]`.
    Buildings(FileArgs),
}

#[derive(Debug, Args)]
pub struct FileArgs {
    #[command(flatten)]
    config: Config,
    file: PathBuf,
}

pub async fn run(cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::Buildings(args) => {
            let ctx = super::context(&args.config).await?;
            let file = std::fs::File::open(&args.file)
                .with_context(|| format!("opening {}", args.file.display()))?;
            let started = std::time::Instant::now();
            let report =
                import_buildings(&ctx, &command_line_actor(), std::io::BufReader::new(file))
                    .await?;
            for error in &report.errors {
                eprintln!("{}: {error}", args.file.display());
            }
            let secs = started.elapsed().as_secs_f64();
            let rows = report.inserted + report.updated + report.unchanged;
            println!(
                "{} rows imported in {secs:.2} s ({:.0} rows/s): {} new, {} updated, {} unchanged; {} rejected",
                rows,
                rows as f64 / secs.max(1e-9),
                report.inserted,
                report.updated,
                report.unchanged,
                report.errors.len()
            );
            if !report.errors.is_empty() && rows == 0 {
                anyhow::bail!("nothing imported");
            }
            Ok(())
        }
    }
}
