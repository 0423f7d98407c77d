//! The built browser app. Files are served precompressed (brotli or gzip, as the browser
//! accepts); any other path gets index.html so that the app's own routes survive a reload.
//!
//! A release build carries the app inside the binary (`dist/` as `cargo xtask dist` left it when
//! the server was compiled), so `qadam-server` runs from any directory with nothing beside it;
//! `--static-dir` serves a directory instead, for development.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use std::convert::Infallible;
use std::path::Path;
use tower::Layer;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The app as built into the binary; empty when `dist/` did not exist at compile time.
#[derive(RustEmbed)]
#[folder = "../dist"]
#[allow_missing = true]
struct App;

/// What serves the app: the files in `dir`, or the built-in ones.
pub type Service = BoxCloneSyncService<Request<Body>, Response, Infallible>;

pub fn service(dir: Option<&Path>) -> Service {
    match dir {
        Some(dir) => from_dir(dir),
        None => BoxCloneSyncService::new(tower::service_fn(|request: Request<Body>| async move {
            Ok(built_in(request.uri().path(), request.headers()))
        })),
    }
}

/// Whether there is an app to serve: the directory holds one, or the binary does.
pub fn present(dir: Option<&Path>) -> bool {
    match dir {
        Some(dir) => dir.join("index.html").exists(),
        None => App::get("index.html").is_some(),
    }
}

fn from_dir(dir: &Path) -> Service {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    // File names are stable across builds, so browsers revalidate rather than cache blindly.
    let files = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, NO_CACHE).layer(files);
    let files = tower::ServiceExt::<Request<Body>>::map_response(files, |r| r.into_response());
    BoxCloneSyncService::new(tower::ServiceExt::<Request<Body>>::map_err(
        files,
        |e| match e {},
    ))
}

const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// A built-in file by path (index.html for the app's own routes), in the best encoding the
/// browser takes, with an ETag to revalidate against.
fn built_in(path: &str, headers: &HeaderMap) -> Response {
    let path = path.trim_start_matches('/');
    let (name, plain) = match App::get(path) {
        Some(file) => (path, file),
        None => match App::get("index.html") {
            Some(index) => ("index.html", index),
            None => {
                return (
                    StatusCode::NOT_FOUND,
                    "the app is not built into this server",
                )
                    .into_response();
            }
        },
    };
    let compressed = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(encoding, _)| super::encoding::accepts(headers, encoding))
        .find_map(|(encoding, suffix)| Some((App::get(&format!("{name}{suffix}"))?, encoding)));
    let encoding = compressed.as_ref().map(|(_, encoding)| *encoding);
    let tag = format!(
        "\"{}{}\"",
        hex(&plain.metadata.sha256_hash()[..12]),
        encoding.map(|e| format!("-{e}")).unwrap_or_default()
    );
    let kind = HeaderValue::from_str(plain.metadata.mimetype());
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let file = compressed.map_or(plain, |(file, _)| file);
        Body::from(file.data.into_owned()).into_response()
    };
    let set = response.headers_mut();
    if let Ok(kind) = kind {
        set.insert(header::CONTENT_TYPE, kind);
    }
    if let Some(encoding) = encoding {
        set.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    set.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    set.insert(header::CACHE_CONTROL, NO_CACHE);
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        set.insert(header::ETAG, tag);
    }
    response
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
