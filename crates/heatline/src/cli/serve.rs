//! `heatline serve`.

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::config::Config;

pub async fn run(config: Config) -> anyhow::Result<()> {
    let ctx = super::context(&config).await?;
    let ctx = ctx.with_notifier(config.notify.notifier()?);
    crate::app::notification::spawn_worker(ctx.clone());
    crate::app::escalation::spawn_worker(ctx.clone());
    crate::app::category_suggestion::spawn_retraining(
        ctx.clone(),
        crate::app::category_suggestion::RETRAIN_EVERY,
    );
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %store::db::redact(config.database_url()), "serving");
    println!("Heatline is serving on http://{addr}");
    crate::web::serve(ctx, listener, shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
