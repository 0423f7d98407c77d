//! Access tokens from the account page: made with a name, the secret shown once and working as
//! `Authorization: Bearer`, revoked with a click; the API reference the page leads to.

mod support;

use anyhow::Result;
use fantoccini::Locator;
use support::{Driver, Server, eventually};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The status line of `GET /api/boards` sent by a script with `secret`.
async fn as_script(server: &Server, secret: &str) -> Result<String> {
    let addr = server.addr;
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "GET /api/boards HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {secret}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer.lines().next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_token_made_on_the_account_page_works_for_a_script_until_revoked() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", false, &[]).await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(&a, server.addr, "/account", "aigerim").await?;
    a.wait()
        .for_element(Locator::Css("form.new-token input"))
        .await?
        .send_keys("Ministry reporting")
        .await?;
    a.find(Locator::Css("form.new-token button[type=submit]"))
        .await?
        .click()
        .await?;
    let secret = a
        .wait()
        .for_element(Locator::Css("[data-testid=token-secret]"))
        .await?
        .text()
        .await?;
    assert!(secret.starts_with("qadam_"), "{secret}");
    let listed = a
        .wait()
        .for_element(Locator::Css("[data-testid=tokens] li"))
        .await?
        .text()
        .await?;
    assert!(listed.contains("Ministry reporting"), "{listed}");
    assert!(as_script(&server, &secret).await?.contains("200"));
    support::screenshot(&a, "access-tokens").await?;

    a.find(Locator::Css("[data-testid=tokens] li button"))
        .await?
        .click()
        .await?;
    eventually(10, "the token leaves the list", || async {
        Ok(a.find_all(Locator::Css("[data-testid=tokens] li"))
            .await?
            .is_empty())
    })
    .await?;
    assert!(as_script(&server, &secret).await?.contains("401"));

    // The account page leads to the API's reference, which lists every endpoint.
    a.find(Locator::Css("a[href='/reference']"))
        .await?
        .click()
        .await?;
    eventually(10, "the reference lists every endpoint", || async {
        let listed = a.find_all(Locator::Css("article.operation")).await?.len();
        Ok(listed == qadam_server::http::ENDPOINTS.len())
    })
    .await?;
    support::screenshot(&a, "api-reference").await?;
    Ok(())
}
