//! Notification providers: where a notification goes once the worker picks it
//! from the outbox. The default writes it to the log (the outbox row is the
//! record); the HTTP provider calls an SMS gateway by URL and body templates.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use domain::phone::Phone;
use secrecy::{ExposeSecret, SecretString};

/// One message to deliver.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub phone: &'a Phone,
    pub text: &'a str,
    /// The ticket's number, `2026-000123`.
    pub number: &'a str,
}

/// Why a delivery failed; the worker retries with backoff.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("gateway answered http status {0}")]
    Status(u16),
    #[error("gateway unreachable: {0}")]
    Transport(String),
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// A way of delivering notifications to residents.
pub trait Notifier: Send + Sync {
    /// Recorded on each notification it sent.
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, message: &'a Outgoing<'a>) -> SendFuture<'a>;
}

/// The default provider: the outbox row is the notification; sending logs it.
#[derive(Debug, Default)]
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn name(&self) -> &'static str {
        "outbox"
    }

    fn send<'a>(&'a self, message: &'a Outgoing<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                phone = %message.phone.masked(),
                number = message.number,
                text = message.text,
                "resident notification"
            );
            Ok(())
        })
    }
}

/// How the HTTP provider calls a gateway.
#[derive(Debug, Clone)]
pub struct HttpNotifierConfig {
    /// E.g. `http://sms.local:13013/cgi-bin/sendsms?to={phone_digits}&text={text}`;
    /// placeholders are percent-encoded.
    pub url_template: String,
    /// `GET`, `POST` or `PUT`.
    pub method: String,
    /// E.g. `{"to":"{phone}","text":"{text}"}`; placeholders are escaped for the content type.
    pub body_template: Option<String>,
    pub content_type: String,
    /// The `Authorization` header value, if the gateway needs one.
    pub authorization: Option<SecretString>,
    pub timeout: Duration,
}

/// Why an HTTP provider configuration is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "notify url must start with http:// (this build has no TLS; put an http relay in front of an https gateway): {0}"
    )]
    Scheme(String),
    #[error("notify method must be GET, POST or PUT, not {0}")]
    Method(String),
    #[error("notify url template has an unknown placeholder {0}")]
    Placeholder(String),
    #[error("building http client: {0}")]
    Client(String),
}

/// Calls an SMS gateway over HTTP; any 2xx answer is success.
pub struct HttpNotifier {
    config: HttpNotifierConfig,
    method: reqwest::Method,
    client: reqwest::Client,
}

const PLACEHOLDERS: [&str; 4] = ["phone", "phone_digits", "text", "number"];

impl HttpNotifier {
    pub fn new(config: HttpNotifierConfig) -> Result<HttpNotifier, ConfigError> {
        if !config.url_template.starts_with("http://") {
            return Err(ConfigError::Scheme(config.url_template.clone()));
        }
        let method = match config.method.to_ascii_uppercase().as_str() {
            "GET" => reqwest::Method::GET,
            "POST" => reqwest::Method::POST,
            "PUT" => reqwest::Method::PUT,
            other => return Err(ConfigError::Method(other.to_string())),
        };
        for template in [Some(&config.url_template), config.body_template.as_ref()]
            .into_iter()
            .flatten()
        {
            check_placeholders(template)?;
        }
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| ConfigError::Client(e.to_string()))?;
        Ok(HttpNotifier {
            config,
            method,
            client,
        })
    }
}

impl Notifier for HttpNotifier {
    fn name(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, message: &'a Outgoing<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            let url = fill(&self.config.url_template, message, Escape::Url);
            let mut request = self.client.request(self.method.clone(), url);
            if let Some(template) = &self.config.body_template {
                let escape = Escape::for_content_type(&self.config.content_type);
                request = request
                    .header(reqwest::header::CONTENT_TYPE, &self.config.content_type)
                    .body(fill(template, message, escape));
            }
            if let Some(auth) = &self.config.authorization {
                request = request.header(reqwest::header::AUTHORIZATION, auth.expose_secret());
            }
            let response = request
                .send()
                .await
                .map_err(|e| SendError::Transport(e.to_string()))?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(SendError::Status(status.as_u16()))
            }
        })
    }
}

fn check_placeholders(template: &str) -> Result<(), ConfigError> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if !after[..close].contains(['{', '"', ' ', ':']) => {
                let name = &after[..close];
                if !PLACEHOLDERS.contains(&name) {
                    return Err(ConfigError::Placeholder(format!("{{{name}}}")));
                }
                rest = &after[close + 1..];
            }
            // A JSON brace, not a placeholder.
            _ => rest = after,
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    Url,
    Json,
    None,
}

impl Escape {
    fn for_content_type(content_type: &str) -> Escape {
        let ct = content_type.to_ascii_lowercase();
        if ct.contains("json") {
            Escape::Json
        } else if ct.contains("x-www-form-urlencoded") {
            Escape::Url
        } else {
            Escape::None
        }
    }

    fn apply(self, value: &str) -> String {
        match self {
            Escape::Url => percent_encode(value),
            Escape::Json => {
                let quoted = serde_json::to_string(value).expect("a string serializes");
                quoted[1..quoted.len() - 1].to_string()
            }
            Escape::None => value.to_string(),
        }
    }
}

/// The template with `{phone}` (`+79171234567`), `{phone_digits}`
/// (`79171234567`), `{text}` and `{number}` filled in and escaped.
fn fill(template: &str, message: &Outgoing<'_>, escape: Escape) -> String {
    let phone = message.phone.as_str();
    template
        .replace("{phone_digits}", &escape.apply(&phone[1..]))
        .replace("{phone}", &escape.apply(phone))
        .replace("{number}", &escape.apply(message.number))
        .replace("{text}", &escape.apply(message.text))
}

fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<'a>(phone: &'a Phone) -> Outgoing<'a> {
        Outgoing {
            phone,
            text: "Обращение 2026-000001 закрыто: \"готово\" & всё",
            number: "2026-000001",
        }
    }

    #[test]
    fn templates_are_filled_and_escaped_for_where_they_go() {
        let phone = Phone::parse("+79171234567").unwrap();
        let m = message(&phone);
        assert_eq!(
            fill("http://g/send?to={phone}&n={number}", &m, Escape::Url),
            "http://g/send?to=%2B79171234567&n=2026-000001"
        );
        assert_eq!(
            fill(
                r#"{"to":"{phone_digits}","text":"{text}"}"#,
                &m,
                Escape::Json
            ),
            r#"{"to":"79171234567","text":"Обращение 2026-000001 закрыто: \"готово\" & всё"}"#
        );
        assert!(fill("text={text}", &m, Escape::Url).starts_with("text=%D0%9E"));
    }

    #[test]
    fn configurations_are_checked_up_front() {
        let config = |url: &str, body: Option<&str>| HttpNotifierConfig {
            url_template: url.into(),
            method: "POST".into(),
            body_template: body.map(str::to_string),
            content_type: "application/json".into(),
            authorization: None,
            timeout: Duration::from_secs(5),
        };
        assert!(HttpNotifier::new(config("http://g/send?to={phone}", None)).is_ok());
        assert!(HttpNotifier::new(config("http://g/", Some(r#"{"to":"{phone}"}"#))).is_ok());
        assert!(matches!(
            HttpNotifier::new(config("https://g/", None)),
            Err(ConfigError::Scheme(_))
        ));
        assert!(matches!(
            HttpNotifier::new(config("http://g/?to={telephone}", None)),
            Err(ConfigError::Placeholder(_))
        ));
    }
}
