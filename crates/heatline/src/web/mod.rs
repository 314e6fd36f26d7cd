//! The web: JSON API, pages, assets and operations endpoints. Handlers extract,
//! call `app`, and render; they hold no SQL and no rules.

pub mod api;
pub mod assets;
pub mod auth;
pub mod chart;
pub mod client;
pub mod error;
pub mod forecast_chart;
pub mod hq_xlsx;
pub mod i18n;
pub mod open311;
pub mod ops;
pub mod pages;
pub mod request;
pub mod router;
pub mod stats_xlsx;
pub mod ticket_export;

use tokio::net::TcpListener;

use crate::app::Ctx;

/// Serves until `shutdown` completes.
pub async fn serve(
    ctx: Ctx,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    ops::prometheus();
    let app = router::router(ctx).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
