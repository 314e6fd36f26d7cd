//! A small `multipart/form-data` reader for the photo forms: a few text fields
//! and at most a file or two, buffered whole (the body limit bounds them).
//! Not a general parser: no nested parts, no transfer encodings.

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| &haystack[i..i + needle.len()] == needle)
}

/// The parts of a body, or `None` when it is not well formed.
pub fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(parts);
        }
        // Skip the CRLF after the delimiter.
        at = at.checked_add(2).filter(|a| *a <= body.len())?;
        let headers_end = find(body, b"\r\n\r\n", at)?;
        let headers = std::str::from_utf8(&body[at..headers_end]).ok()?;
        let content_start = headers_end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let content_end = find(body, &closing, content_start)?;
        let (name, filename) = disposition(headers)?;
        parts.push(Part {
            name,
            filename,
            data: body[content_start..content_end].to_vec(),
        });
        at = content_end + closing.len();
    }
}

fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let mut name = None;
    let mut filename = None;
    for param in line.split(';').skip(1) {
        if let Some((k, v)) = param.trim().split_once('=') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim() {
                "name" => name = Some(v),
                "filename" => filename = Some(v),
                _ => {}
            }
        }
    }
    Some((name?, filename))
}

/// The text of a field, if present.
pub fn text(parts: &[Part], name: &str) -> Option<String> {
    parts
        .iter()
        .find(|p| p.name == name && p.filename.is_none())
        .and_then(|p| String::from_utf8(p.data.clone()).ok())
}

/// The bytes of a file field; an empty file input yields nothing.
pub fn file(parts: &[Part], name: &str) -> Option<Vec<u8>> {
    parts
        .iter()
        .find(|p| p.name == name && p.filename.is_some() && !p.data.is_empty())
        .map(|p| p.data.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_form_with_a_file_and_a_field_is_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n\xd0\xa3\xd0\xb7\xd0\xb5\xd0\xbb\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n--\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parse(body, &b).unwrap();
        assert_eq!(text(&parts, "caption").as_deref(), Some("Узел"));
        assert_eq!(file(&parts, "photo").unwrap(), b"\x89PNG\r\n\x1a\n--");
        assert_eq!(file(&parts, "caption"), None);
    }

    #[test]
    fn malformed_bodies_and_other_types_are_refused() {
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(
            boundary("multipart/form-data; boundary=\"q\"").as_deref(),
            Some("q")
        );
        assert_eq!(parse(b"--q\r\nno headers end", "q"), None);
        assert_eq!(parse(b"nothing", "q"), None);
        assert_eq!(parse(b"--q--\r\n", "q"), Some(Vec::new()));
    }
}
