use clap::Parser;

fn main() -> anyhow::Result<()> {
    heatline::cli::run(heatline::cli::Cli::parse())
}
