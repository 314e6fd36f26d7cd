//! Per-request facts every response may need (request id, locale, htmx), kept in
//! a task-local by a middleware so error responses can read them.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;

use crate::web::error::api_locale;
use crate::web::i18n::Locale;

#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub id: String,
    /// The page locale: the `lang` cookie, else Accept-Language, else Russian.
    pub locale: Locale,
    /// The API locale: Accept-Language, else English.
    pub api_locale: Locale,
    pub htmx: bool,
}

tokio::task_local! {
    static CURRENT: RequestInfo;
}

impl RequestInfo {
    /// The current request's facts; defaults outside a request.
    pub fn current() -> RequestInfo {
        CURRENT
            .try_with(Clone::clone)
            .unwrap_or_else(|_| RequestInfo {
                id: "-".into(),
                locale: Locale::Ru,
                api_locale: Locale::En,
                htmx: false,
            })
    }
}

/// Assigns the request id, reads locale and htmx, and echoes `x-request-id`.
pub async fn middleware(mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{:016x}", rand::rng().random::<u64>()));
    let accept = headers.get("accept-language").and_then(|v| v.to_str().ok());
    // `?lang=en` on any page switches the language and remembers it in a cookie.
    let query_lang = req
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| Locale::from_code(&v));
    let cookie_lang =
        query_lang.or_else(|| cookie(headers, "lang").and_then(|v| Locale::from_code(&v)));
    let info = RequestInfo {
        locale: cookie_lang
            .or_else(|| accept.and_then(Locale::from_accept_language))
            .unwrap_or_default(),
        api_locale: api_locale(accept),
        htmx: headers.contains_key("hx-request"),
        id: id.clone(),
    };
    req.extensions_mut().insert(info.clone());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
    let mut res = CURRENT
        .scope(info, tracing::Instrument::instrument(next.run(req), span))
        .await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    if let Some(locale) = query_lang {
        let cookie = format!(
            "lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
            locale.as_code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            res.headers_mut()
                .append(axum::http::header::SET_COOKIE, value);
        }
    }
    res
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
