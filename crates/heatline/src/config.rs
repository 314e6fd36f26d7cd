//! The one configuration struct, from flags and the environment.

use std::net::SocketAddr;

use secrecy::{ExposeSecret, SecretString};

/// Where the server keeps its data and listens.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database URL: `sqlite://path` (created when missing) or `postgres://…`.
    #[arg(
        long = "db",
        env = "DATABASE_URL",
        default_value = "sqlite://heatline.db"
    )]
    pub database_url: SecretString,
    /// Address to listen on.
    #[arg(long, env = "HEATLINE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub notify: NotifyConfig,
}

impl Config {
    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

/// How resident notifications leave: written to the outbox and the log (the
/// default), or sent to an SMS gateway over HTTP when a URL template is given.
#[derive(Debug, Clone, clap::Args)]
pub struct NotifyConfig {
    /// Gateway URL with `{phone}`, `{phone_digits}`, `{text}`, `{number}`
    /// placeholders (percent-encoded), e.g.
    /// `http://kannel:13013/cgi-bin/sendsms?username=u&password=p&to={phone}&text={text}`.
    #[arg(long = "notify-url-template", env = "HEATLINE_NOTIFY_URL_TEMPLATE")]
    pub url_template: Option<String>,
    /// `GET`, `POST` or `PUT`.
    #[arg(
        long = "notify-method",
        env = "HEATLINE_NOTIFY_METHOD",
        default_value = "POST"
    )]
    pub method: String,
    /// Request body with the same placeholders, escaped for the content type,
    /// e.g. `{"to":"{phone}","text":"{text}"}`.
    #[arg(long = "notify-body-template", env = "HEATLINE_NOTIFY_BODY_TEMPLATE")]
    pub body_template: Option<String>,
    #[arg(
        long = "notify-content-type",
        env = "HEATLINE_NOTIFY_CONTENT_TYPE",
        default_value = "application/json"
    )]
    pub content_type: String,
    /// `Authorization` header value for the gateway.
    #[arg(long = "notify-authorization", env = "HEATLINE_NOTIFY_AUTHORIZATION")]
    pub authorization: Option<SecretString>,
}

impl NotifyConfig {
    /// The configured provider: HTTP when a URL template is set, else the outbox log.
    pub fn notifier(
        &self,
    ) -> Result<
        std::sync::Arc<dyn crate::app::notification::Notifier>,
        crate::app::notification::ConfigError,
    > {
        use crate::app::notification::{HttpNotifier, HttpNotifierConfig, LogNotifier};
        Ok(match &self.url_template {
            None => std::sync::Arc::new(LogNotifier),
            Some(url) => std::sync::Arc::new(HttpNotifier::new(HttpNotifierConfig {
                url_template: url.clone(),
                method: self.method.clone(),
                body_template: self.body_template.clone(),
                content_type: self.content_type.clone(),
                authorization: self.authorization.clone(),
                timeout: std::time::Duration::from_secs(10),
            })?),
        })
    }
}
