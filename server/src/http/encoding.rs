//! What a browser's `Accept-Encoding` takes: one reading for every response this server
//! compresses itself (the board snapshot, the embed's read, the app's precompressed files); and
//! the answer carrying JSON gzipped beforehand.

use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

/// Whether the browser takes `coding`: named in `Accept-Encoding` and not refused with `q=0`.
pub fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|entry| {
            let mut params = entry.split(';');
            let named = params.next().unwrap_or_default().trim();
            let refused = params.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            named.eq_ignore_ascii_case(coding) && !refused
        })
}

/// JSON the server gzipped itself (and keeps), as the answer to a browser that takes gzip.
pub fn gzipped_json(body: Bytes) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "application/json"),
        (header::CONTENT_ENCODING, "gzip"),
        (header::VARY, "accept-encoding"),
    ];
    (headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts_of(value: &str, coding: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
        accepts(&headers, coding)
    }

    #[test]
    fn a_coding_is_taken_only_when_named_and_not_refused() {
        assert!(accepts_of("gzip, deflate, br, zstd", "gzip"));
        assert!(accepts_of("br;q=1.0, GZIP;q=0.5", "gzip"));
        assert!(!accepts_of("gzip;q=0", "gzip"));
        assert!(!accepts_of("br, gzip ; q=0.0", "gzip"));
        assert!(!accepts_of("br, x-gzipped", "gzip"));
        assert!(!accepts_of("", "gzip"));
        assert!(accepts_of("gzip, deflate, br", "br"));
        assert!(!accepts_of("gzip, br;q=0", "br"));
    }
}
