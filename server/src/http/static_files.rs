//! The built browser app. Files are served precompressed (brotli or gzip, as the browser
//! accepts); any other path gets index.html so that the app's own routes survive a reload.

use axum::http::{HeaderValue, header};
use std::path::Path;
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

pub fn service(dir: &Path) -> SetResponseHeader<ServeDir<ServeFile>, HeaderValue> {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    // File names are stable across builds, so browsers revalidate rather than cache blindly.
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .layer(files)
}
