//! The address of the person's computer: the peer of the connection, or, when that peer is a
//! proxy the server was told to trust (`--trusted-proxies`), the address that proxy reports in
//! `X-Forwarded-For`. Throttling counts by it, so behind nginx each browser counts alone.

use crate::AppState;
use crate::error::Error;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

/// The client's address, when known.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(Self(peer.map(|peer| {
            client_of(peer, &parts.headers, &state.trusted_proxies)
        })))
    }
}

/// The first address, from the right of `X-Forwarded-For`, that is not a trusted proxy; the
/// peer itself when it is not trusted.
fn client_of(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .or(forwarded.first())
        .copied()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy: IpAddr = [127, 0, 0, 1].into();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 10.0.0.7".parse().unwrap());
        assert_eq!(
            client_of(proxy, &headers, &[proxy]),
            IpAddr::from([10, 0, 0, 7]),
            "the proxy's own report, not what the client claimed before it"
        );
        assert_eq!(
            client_of(proxy, &headers, &[]),
            proxy,
            "untrusted: the peer"
        );
        assert_eq!(client_of(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
