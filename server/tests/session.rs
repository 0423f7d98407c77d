//! Signing in and out, session expiry and revocation, throttling, and the browser protections
//! (origin checks, Content-Security-Policy, cookie flags).

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use common::Backend;
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_server::auth::{password, token};
use qadam_server::storage::accounts::AccountChange;
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "steppe-wind-2025";

async fn world() -> (AppState, common::TestDb, qadam_shared::UserId) {
    let (state, db) = common::seeded_state(Backend::Sqlite).await;
    let id = qadam_shared::UserId::random();
    let hash = password::hash(PASSWORD.into()).await.unwrap();
    state
        .store
        .create_user(
            &qadam_server::storage::accounts::NewUser::new(id, "aigerim", "Aigerim", &hash, false),
            0,
        )
        .await
        .unwrap();
    (state, db, id)
}

async fn send(state: &AppState, request: Request<Body>) -> (Response<()>, Value) {
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        Response::from_parts(parts, ()),
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn sign_in_request(login: &str, password: &str) -> Request<Body> {
    Request::post("/api/session")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "login": login, "password": password }).to_string(),
        ))
        .unwrap()
}

fn with_cookie(method: &str, uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

/// Signs in and returns the session cookie (`name=value`).
async fn sign_in(state: &AppState) -> String {
    let (response, me) = send(state, sign_in_request("Aigerim ", PASSWORD)).await;
    assert_eq!(response.status(), StatusCode::OK, "{me}");
    assert_eq!(me["display_name"], "Aigerim");
    let set = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(set.contains(flag), "{flag} missing from {set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP: no Secure flag");
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let (state, _db, _) = world().await;
    let cookie = sign_in(&state).await;
    let (response, me) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(
        (response.status(), me["login"].as_str()),
        (StatusCode::OK, Some("aigerim"))
    );
    let (response, _) = send(&state, with_cookie("DELETE", "/api/session", &cookie)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // The same cookie, replayed, no longer opens anything.
    let (response, body) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(
        (response.status(), body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_login_look_the_same() {
    let (state, _db, _) = world().await;
    let (wrong, a) = send(&state, sign_in_request("aigerim", "not the password")).await;
    let (unknown, b) = send(&state, sign_in_request("nobody", "not the password")).await;
    assert_eq!(
        (wrong.status(), unknown.status()),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(a, b);
    assert_eq!(a["code"], "bad_credentials");
}

#[tokio::test]
async fn an_expired_session_or_a_disabled_account_is_signed_out() {
    let (state, _db, id) = world().await;
    let store = &state.store;
    let expired = token::generate();
    store
        .create_session(&token::hash(&expired), id, "test", 0, 1)
        .await
        .unwrap();
    let cookie = format!("qadam_session={expired}");
    let (response, _) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let cookie = sign_in(&state).await;
    store
        .update_user(
            id,
            &AccountChange {
                disabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (response, _) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (response, _) = send(&state, sign_in_request("aigerim", PASSWORD)).await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "a disabled account cannot sign in"
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let (state, _db, _) = world().await;
    let here = sign_in(&state).await;
    let elsewhere = sign_in(&state).await;
    let request = Request::post("/api/me/password")
        .header("cookie", &here)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "current": PASSWORD, "new": "a new password here" }).to_string(),
        ))
        .unwrap();
    let (response, body) = send(&state, request).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        send(&state, with_cookie("GET", "/api/me", &here))
            .await
            .0
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        send(&state, with_cookie("GET", "/api/me", &elsewhere))
            .await
            .0
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (old, _) = send(&state, sign_in_request("aigerim", PASSWORD)).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_slow_down_sign_in_for_that_login() {
    let (state, _db, _) = world().await;
    for _ in 0..5 {
        let (response, _) = send(&state, sign_in_request("aigerim", "guess")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password has to wait.
    let (response, body) = send(&state, sign_in_request("aigerim", PASSWORD)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["code"], "too_many_attempts");
    let wait: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    // The wait said is enough: after it, the right password opens.
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    let (response, body) = send(&state, sign_in_request("aigerim", PASSWORD)).await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
}

#[tokio::test]
async fn requests_from_other_sites_are_refused() {
    let (state, _db, _) = world().await;
    let cookie = sign_in(&state).await;
    let request = Request::delete("/api/session")
        .header("cookie", &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let (response, body) = send(&state, request).await;
    assert_eq!(
        (response.status(), body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("bad_origin"))
    );
    let (board, _) = common::first_board(&state).await;
    let upgrade = Request::get(format!("/api/boards/{}/ws", board.id))
        .header("cookie", &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::UPGRADE, "websocket")
        .header(header::CONNECTION, "upgrade")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&state, upgrade).await.0.status(),
        StatusCode::FORBIDDEN
    );
    let same_site = Request::delete("/api/session")
        .header("cookie", &cookie)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&state, same_site).await.0.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn app_pages_cannot_be_framed_and_embeds_only_by_allowed_origins() {
    let db = common::TestDb::new(Backend::Sqlite).await;
    let config = qadam_server::config::Config {
        embed_origins: vec!["https://intranet.energy.gov.kz".into()],
        ..db.config()
    };
    let state = AppState::open(&config).await.unwrap();
    let csp = |response: &Response<()>| {
        response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let (page, _) = send(
        &state,
        Request::get("/boards/x").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(
        csp(&page).contains("frame-ancestors 'none'"),
        "{}",
        csp(&page)
    );
    assert!(csp(&page).contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(
        !csp(&page).contains("unsafe-inline"),
        "no inline scripts or styles: {}",
        csp(&page)
    );
    let (embed, _) = send(
        &state,
        Request::get("/embed/some-token")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        csp(&embed).contains("frame-ancestors https://intranet.energy.gov.kz"),
        "{}",
        csp(&embed)
    );
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure() {
    let (state, _db, _) = world().await;
    let request = Request::post("/api/session")
        .header("content-type", "application/json")
        .header("x-forwarded-proto", "https")
        .body(Body::from(
            json!({ "login": "aigerim", "password": PASSWORD }).to_string(),
        ))
        .unwrap();
    let (response, _) = send(&state, request).await;
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("Secure"), "{set}");
}

fn json_request(method: &str, uri: &str, cookie: &str, body: Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Signs in as `login` from a browser that names itself `browser`; returns the cookie.
async fn sign_in_from(state: &AppState, login: &str, password: &str, browser: &str) -> String {
    let mut request = sign_in_request(login, password);
    request
        .headers_mut()
        .insert(header::USER_AGENT, browser.parse().unwrap());
    let (response, body) = send(state, request).await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The generated first password works once: until the person chooses their own, every endpoint
/// but "who am I", changing it and signing out answers `password_change_required`.
#[tokio::test]
async fn a_generated_first_password_must_be_changed_before_anything_else() {
    let db = common::TestDb::new(Backend::Sqlite).await;
    let state = db.open().await;
    let generated = qadam_server::accounts::create_admin(&db.config(), "chief", "Chief", None)
        .await
        .unwrap();
    let cookie = sign_in_from(&state, "chief", &generated, "Firefox").await;
    let (response, me) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(me["must_change_password"], true);
    for (method, uri) in [
        ("GET", "/api/boards"),
        ("GET", "/api/users"),
        ("GET", "/api/me/sessions"),
    ] {
        let (response, body) = send(&state, with_cookie(method, uri, &cookie)).await;
        assert_eq!(
            (response.status(), body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("password_change_required")),
            "{method} {uri}"
        );
    }
    let same = json!({ "current": generated, "new": generated });
    let (response, body) = send(
        &state,
        json_request("POST", "/api/me/password", &cookie, same),
    )
    .await;
    assert_eq!(
        (response.status(), body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("same_password"))
    );
    let own = json!({ "current": generated, "new": "my own long passphrase" });
    let (response, body) = send(
        &state,
        json_request("POST", "/api/me/password", &cookie, own),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{body}");
    let (_, me) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(me["must_change_password"], false);
    let (response, boards) = send(&state, with_cookie("GET", "/api/boards", &cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(boards.as_array().unwrap().len(), 10);
}

/// An administrator may hand out a temporary password (a new account, a reset); marking one
/// without a password is refused and changes nothing.
#[tokio::test]
async fn a_password_an_administrator_marks_temporary_must_be_changed() {
    let (state, _db, id) = world().await;
    let admin = common::admin(&state, "Office").await;
    let temporary = json!({ "password": "handed over on paper", "must_change_password": true });
    let (response, body) = send(
        &state,
        json_request("PATCH", &format!("/api/users/{id}"), &admin, temporary),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    let cookie = sign_in_from(&state, "aigerim", "handed over on paper", "Edge").await;
    let (response, _) = send(&state, with_cookie("GET", "/api/boards", &cookie)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let alone = json!({ "must_change_password": false, "display_name": "Renamed" });
    let (response, body) = send(
        &state,
        json_request("PATCH", &format!("/api/users/{id}"), &admin, alone),
    )
    .await;
    assert_eq!(
        (response.status(), body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("no_password"))
    );
    let user = state.store.user_by_id(id).await.unwrap().unwrap();
    assert!(user.must_change_password);
    assert_eq!(user.display_name, "Aigerim");

    let new = json!({ "login": "dana", "display_name": "Dana", "password": "first day at the office", "must_change_password": true });
    let (response, body) = send(&state, json_request("POST", "/api/users", &admin, new)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let cookie = sign_in_from(&state, "dana", "first day at the office", "Edge").await;
    let (_, me) = send(&state, with_cookie("GET", "/api/me", &cookie)).await;
    assert_eq!(me["must_change_password"], true);
}

/// A person sees where they are signed in, ends one session (a lost laptop), and signs out
/// everywhere; nobody can end another person's session.
#[tokio::test]
async fn a_person_lists_their_sessions_and_ends_them() {
    let (state, _db, _) = world().await;
    let laptop = sign_in_from(&state, "aigerim", PASSWORD, "Firefox on a laptop").await;
    let phone = sign_in_from(&state, "aigerim", PASSWORD, "Safari \ton a phone").await;
    let tablet = sign_in_from(&state, "aigerim", PASSWORD, "Chrome on a tablet").await;
    let (response, list) = send(&state, with_cookie("GET", "/api/me/sessions", &laptop)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 3);
    let find = |agent: &str| {
        list.iter()
            .find(|s| s["user_agent"] == agent)
            .unwrap_or_else(|| panic!("no session from {agent} in {list:?}"))
            .clone()
    };
    assert_eq!(find("Firefox on a laptop")["current"], true);
    let phone_session = find("Safari on a phone");
    assert_eq!(phone_session["current"], false);

    // Another person cannot end it, nor learn that it exists.
    let other = common::person(&state, "Other", false, &[]).await;
    let uri = format!("/api/me/sessions/{}", phone_session["id"].as_str().unwrap());
    let (response, _) = send(&state, with_cookie("DELETE", &uri, &other)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (response, _) = send(&state, with_cookie("GET", "/api/me", &phone)).await;
    assert_eq!(response.status(), StatusCode::OK);

    let (response, _) = send(&state, with_cookie("DELETE", &uri, &laptop)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (response, _) = send(&state, with_cookie("GET", "/api/me", &phone)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (_, list) = send(&state, with_cookie("GET", "/api/me/sessions", &laptop)).await;
    assert_eq!(list.as_array().unwrap().len(), 2);

    let (response, _) = send(&state, with_cookie("DELETE", "/api/me/sessions", &laptop)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for cookie in [&laptop, &tablet] {
        let (response, _) = send(&state, with_cookie("GET", "/api/me", cookie)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let (response, _) = send(&state, with_cookie("GET", "/api/me", &other)).await;
    assert_eq!(response.status(), StatusCode::OK, "only her sessions ended");
}

/// The chosen language follows the person to another computer; a language Qadam does not speak
/// is refused and changes nothing.
#[tokio::test]
async fn the_chosen_language_follows_the_person() {
    let (state, _db, _) = world().await;
    let office = sign_in(&state).await;
    let (_, me) = send(&state, with_cookie("GET", "/api/me", &office)).await;
    assert_eq!(me["language"], Value::Null, "none chosen yet");
    let choose = |language: &str| {
        json_request(
            "PUT",
            "/api/me/language",
            &office,
            json!({ "language": language }),
        )
    };
    let (response, _) = send(&state, choose("ru")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (response, body) = send(&state, choose("de")).await;
    assert_eq!(
        (response.status(), body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unknown_language"))
    );
    let home = sign_in(&state).await;
    let (_, me) = send(&state, with_cookie("GET", "/api/me", &home)).await;
    assert_eq!(me["language"], "ru");
}
