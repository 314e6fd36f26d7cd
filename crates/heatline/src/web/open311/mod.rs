//! Open311 GeoReport v2 under `/open311/v2`: every resource in `.json` and
//! `.xml`, bare JSON arrays, errors as `[{"code", "description"}]` with the
//! matching HTTP status. Handlers parse the path and parameters, call
//! `app::open311`, and render one [`doc::Document`] in the asked format.
//!
//! Content (service names, status notes) is Russian unless `Accept-Language`
//! prefers English; error descriptions are English unless it prefers Russian,
//! like the rest of the API.

pub mod doc;
mod render;

use axum::body::{Body, to_bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::Ctx;
use crate::app::open311::{
    self as open311, Missing, Open311Error, Open311Problem, PostRequest, RequestListParams,
};
use crate::web::client::ClientAddress;
use crate::web::i18n::{Locale, Tr};
use crate::web::open311::doc::{Document, Node};
use crate::web::request::RequestInfo;

/// The largest form body a client may post.
const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// `name.json` or `name.xml` → the name and the format.
fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, format))
}

/// The format to answer an unusable path in: what it asked for, else JSON.
fn format_of(file: &str) -> Format {
    if file.ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    }
}

/// Query or form pairs; a repeated name is joined with commas (the spec allows
/// both `service_code=a,b` and `service_code=a&service_code=b`).
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(text: Option<&str>) -> Option<Params> {
        serde_urlencoded::from_str(text.unwrap_or(""))
            .ok()
            .map(Params)
    }

    pub fn get(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }
}

/// `GET /open311/v2/{discovery,services,requests}.{json,xml}`.
pub async fn get_root(
    State(ctx): State<Ctx>,
    Path(file): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((name, format)) = split(&file) else {
        return error(format_of(&file), Open311Error::NotFound(Missing::Resource));
    };
    let Some(params) = Params::parse(query.as_deref()) else {
        return error(
            format,
            Open311Error::BadRequest(vec![Open311Problem::BadBody]),
        );
    };
    if !matches!(name, "discovery" | "services" | "requests") {
        return error(format, Open311Error::NotFound(Missing::Resource));
    }
    if let Err(e) =
        open311::authorize(&ctx, params.get("api_key").as_deref(), &address, false).await
    {
        return error(format, e);
    }
    let t = content_tr(&headers);
    let res = match name {
        "discovery" => Ok(render::discovery(t, &base_url(&headers))),
        "services" => Ok(render::services(t, &open311::services())),
        _ => list(&ctx, t, &params).await,
    };
    respond(format, res)
}

async fn list(ctx: &Ctx, t: Tr, params: &Params) -> Result<Document, Open311Error> {
    let list_params = RequestListParams {
        service_request_id: params.get("service_request_id"),
        service_code: params.get("service_code"),
        start_date: params.get("start_date"),
        end_date: params.get("end_date"),
        status: params.get("status"),
        updated_after: params.get("updated_after"),
        updated_before: params.get("updated_before"),
        page: params.get("page"),
        page_size: params.get("page_size"),
        extensions: params.get("extensions"),
    };
    let views = open311::list_requests(ctx, &list_params).await?;
    let extensions = open311::flag(list_params.extensions.as_deref(), "extensions")?;
    Ok(render::requests(t, &views, extensions))
}

/// `POST /open311/v2/requests.{json,xml}`: the form body (or the query) holds
/// the request and the `api_key`.
pub async fn post_root(
    State(ctx): State<Ctx>,
    Path(file): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Body,
) -> Response {
    let format = match split(&file) {
        Some(("requests", format)) => format,
        _ => return error(format_of(&file), Open311Error::NotFound(Missing::Resource)),
    };
    let bad_body = || Open311Error::BadRequest(vec![Open311Problem::BadBody]);
    let form_ok = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("application/x-www-form-urlencoded"));
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return error(format, bad_body());
    };
    let (Some(params), true) = (decode_post(query.as_deref(), &bytes), form_ok) else {
        return error(format, bad_body());
    };
    let client =
        match open311::authorize(&ctx, params.get("api_key").as_deref(), &address, true).await {
            Ok(Some(client)) => client,
            Ok(None) => {
                return error(
                    format,
                    Open311Error::Forbidden(open311::KeyProblem::Missing),
                );
            }
            Err(e) => return error(format, e),
        };
    let input = post_request(&params);
    let account_id = input.account_id.clone();
    let t = content_tr(&headers);
    let res = open311::post_request(&ctx, &client, input)
        .await
        .map(|posted| render::posted(t, &posted, account_id.as_deref()));
    respond(format, res)
}

/// The pairs of a posted request: the query's, then the form body's. `None`
/// when either is not `application/x-www-form-urlencoded` text.
pub fn decode_post(query: Option<&str>, body: &[u8]) -> Option<Params> {
    let body_text = std::str::from_utf8(body).ok()?;
    let mut params = Params::parse(query)?;
    params.0.extend(Params::parse(Some(body_text))?.0);
    Some(params)
}

/// The request's fields from the posted pairs; `attribute[code]` and
/// `attribute[code][]` collect every value per code.
pub fn post_request(params: &Params) -> PostRequest {
    let mut input = PostRequest {
        service_code: params.get("service_code"),
        lat: params.get("lat"),
        long: params.get("long"),
        address_string: params.get("address_string"),
        address_id: params.get("address_id"),
        email: params.get("email"),
        device_id: params.get("device_id"),
        account_id: params.get("account_id"),
        first_name: params.get("first_name"),
        last_name: params.get("last_name"),
        phone: params.get("phone"),
        description: params.get("description"),
        media_url: params.get("media_url"),
        attributes: Vec::new(),
    };
    for (key, value) in &params.0 {
        let Some(code) = key
            .strip_prefix("attribute[")
            .and_then(|rest| rest.split_once(']'))
            .map(|(code, _)| code.to_string())
        else {
            continue;
        };
        match input.attributes.iter_mut().find(|(c, _)| *c == code) {
            Some((_, values)) => values.push(value.clone()),
            None => input.attributes.push((code, vec![value.clone()])),
        }
    }
    input
}

/// `GET /open311/v2/services/{code}.{json,xml}` (and `service/{code}` for old clients).
pub async fn get_service(
    State(ctx): State<Ctx>,
    Path(file): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((code, format)) = split(&file) else {
        return error(format_of(&file), Open311Error::NotFound(Missing::Resource));
    };
    let api_key = Params::parse(query.as_deref()).and_then(|p| p.get("api_key"));
    if let Err(e) = open311::authorize(&ctx, api_key.as_deref(), &address, false).await {
        return error(format, e);
    }
    let res =
        open311::service(code).map(|category| render::definition(content_tr(&headers), category));
    respond(format, res)
}

/// `GET /open311/v2/requests/{id}.{json,xml}`: a list of one.
pub async fn get_request(
    State(ctx): State<Ctx>,
    Path(file): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((id, format)) = split(&file) else {
        return error(format_of(&file), Open311Error::NotFound(Missing::Resource));
    };
    let params = Params::parse(query.as_deref()).unwrap_or(Params(Vec::new()));
    if let Err(e) =
        open311::authorize(&ctx, params.get("api_key").as_deref(), &address, false).await
    {
        return error(format, e);
    }
    let extensions = params.get("extensions");
    let res = async {
        let view = open311::get_request(&ctx, id, extensions.as_deref()).await?;
        let extensions = open311::flag(extensions.as_deref(), "extensions")?;
        Ok(render::requests(content_tr(&headers), &[view], extensions))
    }
    .await;
    respond(format, res)
}

/// `GET /open311/v2/tokens/{token}.{json,xml}`.
pub async fn get_token(
    State(ctx): State<Ctx>,
    Path(file): Path<String>,
    ClientAddress(address): ClientAddress,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((token, format)) = split(&file) else {
        return error(format_of(&file), Open311Error::NotFound(Missing::Resource));
    };
    let api_key = Params::parse(query.as_deref()).and_then(|p| p.get("api_key"));
    if let Err(e) = open311::authorize(&ctx, api_key.as_deref(), &address, false).await {
        return error(format, e);
    }
    let res = open311::get_token(&ctx, token)
        .await
        .map(|number| render::token(token, number));
    respond(format, res)
}

/// Content words: Russian unless the client prefers English.
fn content_tr(headers: &HeaderMap) -> Tr {
    let locale = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or(Locale::Ru);
    Tr::new(locale)
}

/// This server's Open311 root as the client reached it.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}/open311/v2")
}

fn respond(format: Format, res: Result<Document, Open311Error>) -> Response {
    match res {
        Ok(doc) => body(format, StatusCode::OK, &doc),
        Err(e) => error(format, e),
    }
}

fn body(format: Format, status: StatusCode, doc: &Document) -> Response {
    let (mime, text) = match format {
        Format::Json => ("application/json; charset=utf-8", doc.json()),
        Format::Xml => ("text/xml; charset=utf-8", doc.xml()),
    };
    (status, [(header::CONTENT_TYPE, mime)], text).into_response()
}

/// An error in the spec's shape: a list of `{code, description}`.
fn error(format: Format, err: Open311Error) -> Response {
    let info = RequestInfo::current();
    let t = Tr::new(info.api_locale);
    let code = err.status();
    let mut retry_after = None;
    let descriptions: Vec<String> = match &err {
        Open311Error::BadRequest(problems) => {
            problems.iter().map(|p| t.open311_problem(p)).collect()
        }
        Open311Error::Forbidden(problem) => vec![t.open311_key_problem(*problem).to_string()],
        Open311Error::NotFound(missing) => vec![t.open311_missing(missing)],
        Open311Error::RateLimited(limited) => {
            let secs = open311::retry_after_secs(limited);
            retry_after = Some(secs);
            vec![t.open311_rate_limited(limited.limit.max, limited.limit.window.as_secs(), secs)]
        }
        Open311Error::Internal(e) => {
            tracing::error!(request_id = %info.id, error = ?e, "internal error");
            vec![t.open311_internal(&info.id)]
        }
    };
    let items = descriptions
        .into_iter()
        .map(|description| {
            Node::Object(vec![
                ("code", Node::Int(i64::from(code))),
                ("description", Node::Text(description)),
            ])
        })
        .collect();
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = body(format, status, &Document::list("errors", "error", items));
    if let Some(secs) = retry_after
        && let Ok(value) = HeaderValue::from_str(&secs.to_string())
    {
        res.headers_mut().insert(header::RETRY_AFTER, value);
    }
    res
}
