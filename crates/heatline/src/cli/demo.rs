//! `heatline demo`: seeds `heatline-demo.db` with a realistic season on first
//! run, prints the URL and the logins, and serves it.

use std::net::SocketAddr;

use clap::Args;
use tokio::net::TcpListener;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo database file.
    #[arg(long, default_value = "heatline-demo.db")]
    file: String,
    #[arg(long, env = "HEATLINE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let url = format!("sqlite://{}", args.file);
    let db = store::db::Db::connect(&url).await?;
    let ctx = crate::app::Ctx::new(db).await?;
    let logins = crate::app::demo::ensure_seeded(&ctx).await?;
    crate::app::notification::spawn_worker(ctx.clone());
    crate::app::escalation::spawn_worker(ctx.clone());
    crate::app::category_suggestion::spawn_retraining(
        ctx.clone(),
        crate::app::category_suggestion::RETRAIN_EVERY,
    );
    let listener = TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    println!("\nHeatline demo: http://{addr}/  (database {})", args.file);
    println!("Logins (password for all: {}):", crate::app::demo::PASSWORD);
    for (login, what) in &logins {
        println!("  {login:<24} {what}");
    }
    crate::web::serve(ctx, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
