//! `POST /open311/v2/requests.json` up to the database: the query and the
//! form body decoded into a request and checked. The input's first line is
//! the query string, the rest the body. No panic, and a request that passes
//! the checks names a known service and a location.
#![no_main]

use heatline::app::open311::check_request;
use heatline::web::open311::{decode_post, post_request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (query, body) = match data.iter().position(|b| *b == b'\n') {
        Some(at) => (std::str::from_utf8(&data[..at]).ok(), &data[at + 1..]),
        None => (None, data),
    };
    let Some(params) = decode_post(query, body) else {
        return;
    };
    let input = post_request(&params);
    let Ok(checked) = check_request(&input) else {
        return;
    };
    let code = input.service_code.as_deref().unwrap_or_default();
    assert_eq!(
        domain::open311::category_of(code.trim()),
        Some(checked.category),
        "{code:?}"
    );
    let located = [&input.lat, &input.address_id, &input.address_string]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
    assert!(located, "{input:?}");
    if let Some(point) = checked.point {
        assert!((-90.0..=90.0).contains(&point.latitude), "{input:?}");
        assert!((-180.0..=180.0).contains(&point.longitude), "{input:?}");
    }
});
