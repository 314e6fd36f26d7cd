//! The desk's and the import's address parser on arbitrary text: no panic,
//! and whatever it reads keeps the shape the matcher relies on.
#![no_main]

use domain::address::{display, normalized_key, parse, parse_registry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [parse(text), parse_registry(text)] {
        let shown = display(&parsed);
        if let Some(house) = parsed.house() {
            let key = house.key();
            assert!(key.starts_with(&house.number().to_string()), "{key}");
            let _ = house.display();
        }
        // The display form is an address too.
        let _ = parse(&shown);
    }
    if let Some(key) = normalized_key(text) {
        // `town|type|street|house`: the matcher splits on the bars.
        assert_eq!(key.matches('|').count(), 3, "{key}");
        let street = key.split('|').nth(2).unwrap_or_default();
        assert!(!street.is_empty(), "{key}");
    }
});
