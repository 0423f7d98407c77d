//! What the browser tests stand on: the real server on a loopback port (in this process, on a
//! fresh seeded SQLite file, serving the built app), a loopback TCP proxy in front of it that can
//! cut the network, and headless Chromium driven through ChromeDriver.

#![allow(dead_code)]

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use qadam_server::AppState;
use qadam_server::config::Config;
use qadam_shared::Role;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, MutexGuard, broadcast};

/// Browser tests run one at a time: two cores, several Chromium processes each.
pub async fn serial() -> MutexGuard<'static, ()> {
    static LOCK: std::sync::OnceLock<Mutex<()>> = std::sync::OnceLock::new();
    LOCK.get_or_init(|| Mutex::new(())).lock().await
}

fn dist_dir() -> Result<PathBuf> {
    let dir = std::env::var_os("QADAM_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    if !dir.join("qadam_bg.wasm").exists() {
        bail!(
            "the browser app is not built in {}: run `cargo xtask dist` (or `cargo xtask test`, which does)",
            dir.display()
        );
    }
    Ok(dir)
}

/// The server with its database directory.
pub struct Server {
    pub addr: SocketAddr,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Result<Self> {
        Self::start_with(Vec::new()).await
    }

    /// The server, letting pages of `embed_origins` frame its embeds.
    pub async fn start_with(embed_origins: Vec<String>) -> Result<Self> {
        Self::start_configured(|config| config.embed_origins = embed_origins).await
    }

    /// The server, its configuration changed by `change`.
    pub async fn start_configured(change: impl FnOnce(&mut Config)) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let mut config = Config {
            static_dir: Some(dist_dir()?),
            ..Config::for_database(&dir.path().join("qadam.db").display().to_string())
        };
        change(&mut config);
        let state = AppState::open(&config).await?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        qadam_server::listener::spawn(listener, state.clone(), Default::default());
        Ok(Self {
            addr,
            state,
            _dir: dir,
        })
    }

    /// Creates an account with the password `password1234`, and roles on boards given by name;
    /// returns its id.
    pub async fn person(
        &self,
        login: &str,
        name: &str,
        is_admin: bool,
        roles: &[(&str, Role)],
    ) -> Result<qadam_shared::UserId> {
        let store = &self.state.store;
        let id = qadam_shared::UserId::random();
        let hash = qadam_server::auth::password::hash(PASSWORD.into()).await?;
        store
            .create_user(
                &qadam_server::storage::accounts::NewUser::new(id, login, name, &hash, is_admin),
                0,
            )
            .await?;
        for (board, role) in roles {
            let board = self.board_id(board).await?.parse()?;
            store.set_role(id, board, Some(*role)).await?;
        }
        Ok(id)
    }

    /// Creates a person (not an administrator) who is `role` on the board named `board`;
    /// returns the board's id.
    pub async fn person_on(
        &self,
        login: &str,
        name: &str,
        board: &str,
        role: Role,
    ) -> Result<String> {
        self.person(login, name, false, &[(board, role)]).await?;
        self.board_id(board).await
    }

    /// The name of the stage `card` stands in on the server now, if it is on the board.
    pub async fn stage_of(&self, board: &str, card: &str) -> Result<Option<String>> {
        let now = self
            .state
            .hub
            .board(board.parse()?)
            .await?
            .subscribe()
            .await?;
        let column = now.board.cards.get(&card.parse()?).map(|c| c.column);
        Ok(column.and_then(|c| now.board.columns.get(&c).map(|c| c.name.clone())))
    }

    /// Id of the board named `name`.
    pub async fn board_id(&self, name: &str) -> Result<String> {
        let store = &self.state.store;
        for id in store.board_ids().await? {
            let sub = self.state.hub.board(id).await?.subscribe().await?;
            if sub.board.name == name {
                return Ok(id.to_string());
            }
        }
        bail!("no board named {name}")
    }
}

/// A loopback TCP proxy whose network can be cut and restored, like a laptop losing Wi-Fi, or
/// stalled: connections stay open and carry nothing, like a VPN that dropped silently.
pub struct Proxy {
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    quiet: Arc<AtomicBool>,
    cut: broadcast::Sender<()>,
    stall: broadcast::Sender<()>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let up = Arc::new(AtomicBool::new(true));
        let quiet = Arc::new(AtomicBool::new(false));
        let (cut, _) = broadcast::channel(4);
        let (stall, _) = broadcast::channel(4);
        let (flag, silent, cuts, stalls) = (up.clone(), quiet.clone(), cut.clone(), stall.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let mut cut = cuts.subscribe();
                if silent.load(Ordering::SeqCst) {
                    // Taken, and never answered.
                    tokio::spawn(async move {
                        let _held = client;
                        let _ = cut.recv().await;
                    });
                    continue;
                }
                let mut stalled = stalls.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let stalled = tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => false,
                        _ = cut.recv() => false,
                        _ = stalled.recv() => true,
                    };
                    if stalled {
                        // Open and silent until cut.
                        let _ = cut.recv().await;
                    }
                });
            }
        });
        Ok(Self {
            addr,
            up,
            quiet,
            cut,
            stall,
        })
    }

    /// Keeps every open connection open but carries nothing more on it, and takes new ones
    /// without answering.
    pub fn stall(&self) {
        self.quiet.store(true, Ordering::SeqCst);
        let _ = self.stall.send(());
    }

    /// Drops every open connection and refuses new ones.
    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        let _ = self.cut.send(());
    }

    /// Carries connections again.
    pub fn restore(&self) {
        self.quiet.store(false, Ordering::SeqCst);
        self.up.store(true, Ordering::SeqCst);
    }
}

/// ChromeDriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    profiles: tempfile::TempDir,
}

impl Driver {
    pub async fn start() -> Result<Self> {
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!("starting {binary}: install Chromium and ChromeDriver (apt-get install -y chromium chromium-driver), or run `cargo xtask test`, which does")
            })?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not start listening on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Self {
            child,
            port,
            profiles: tempfile::tempdir()?,
        })
    }

    /// A new headless browser window.
    pub async fn browser(&self) -> Result<Client> {
        let profile = tempfile::tempdir_in(self.profiles.path())?.keep();
        let mut options = serde_json::json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Ok(chrome) = std::env::var("CHROME") {
            options["binary"] = chrome.into();
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("opening a Chromium session")?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A test that failed midway left its windows open; killing ChromeDriver does not close
        // them, so end every browser started with one of this driver's profiles.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self.profiles.path())
            .status();
    }
}

/// Waits until `check` holds, polling; fails with `what` after `secs` seconds.
pub async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if check().await.unwrap_or(false) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("timed out after {secs} s waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Card ids of a column, top to bottom, as the page shows them.
pub async fn column_cards(browser: &Client, column_name: &str) -> Result<Vec<String>> {
    let value = browser
        .execute(
            "const col = [...document.querySelectorAll('[data-column]')]
                .find(c => c.getAttribute('aria-label') === arguments[0]);
             return col ? [...col.querySelectorAll('[data-card]')].map(c => c.dataset.card) : null;",
            vec![column_name.into()],
        )
        .await?;
    serde_json::from_value::<Option<Vec<String>>>(value)?
        .with_context(|| format!("no column named {column_name}"))
}

/// Title of a card as shown.
pub async fn card_title(browser: &Client, card: &str) -> Result<String> {
    let el = browser
        .find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?;
    Ok(el.text().await?)
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "password1234";

/// Goes to `path` and signs in there as `login`, as a person would.
pub async fn sign_in_at(browser: &Client, base: SocketAddr, path: &str, login: &str) -> Result<()> {
    sign_in_with(browser, base, path, login, PASSWORD).await
}

/// Goes to `path` and signs in there as `login` with `password`.
pub async fn sign_in_with(
    browser: &Client,
    base: SocketAddr,
    path: &str,
    login: &str,
    password: &str,
) -> Result<()> {
    browser.goto(&format!("http://{base}{path}")).await?;
    sign_in_here(browser, login, password).await
}

/// Signs in as `login` with `password` on the sign-in page the window shows (or is about to).
pub async fn sign_in_here(browser: &Client, login: &str, password: &str) -> Result<()> {
    browser
        .wait()
        .for_element(Locator::Css("#login"))
        .await?
        .send_keys(login)
        .await?;
    browser
        .find(Locator::Css("#password"))
        .await?
        .send_keys(password)
        .await?;
    browser
        .find(Locator::Css(".sign-in button[type=submit]"))
        .await?
        .click()
        .await?;
    browser
        .wait()
        .for_element(Locator::Css("[data-testid=signed-in-as]"))
        .await?;
    Ok(())
}

/// Opens a board, signing in as `login`.
pub async fn open_board(
    browser: &Client,
    base: SocketAddr,
    board: &str,
    login: &str,
) -> Result<()> {
    sign_in_at(browser, base, &format!("/boards/{board}"), login).await?;
    wait_live(browser).await
}

/// Waits until the board is shown and its connection is live.
pub async fn wait_live(browser: &Client) -> Result<()> {
    eventually(15, "the board to be live", || async {
        let status = browser
            .find(Locator::Css("[data-testid=connection]"))
            .await?;
        Ok(status.text().await? == "Live")
    })
    .await
}

/// Waits until the board says it keeps one change unsent, `what` naming the wait.
pub async fn wait_kept(browser: &Client, what: &str) -> Result<()> {
    eventually(5, what, || async {
        Ok(connection_text(browser).await?.contains("1 change kept"))
    })
    .await
}

/// Waits until the board says it is offline, `what` naming the wait.
pub async fn wait_offline(browser: &Client, secs: u64, what: &str) -> Result<()> {
    eventually(secs, what, || async {
        Ok(connection_text(browser).await?.starts_with("Offline"))
    })
    .await
}

/// Whether a toast on the page says `words`.
pub async fn toast_says(browser: &Client, words: &str) -> Result<bool> {
    for toast in browser.find_all(Locator::Css(".toast")).await? {
        if toast.text().await?.contains(words) {
            return Ok(true);
        }
    }
    Ok(false)
}

pub async fn connection_text(browser: &Client) -> Result<String> {
    Ok(browser
        .find(Locator::Css("[data-testid=connection]"))
        .await?
        .text()
        .await?)
}

/// Saves what the window shows as `<name>.png` in `$QADAM_SCREENSHOTS`, when that is set: a way
/// to look at the app as a person would.
pub async fn screenshot(browser: &Client, name: &str) -> Result<()> {
    if let Some(dir) = std::env::var_os("QADAM_SCREENSHOTS") {
        let png = browser.screenshot().await?;
        std::fs::create_dir_all(&dir)?;
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png)?;
    }
    Ok(())
}

/// Column names left to right, as the page shows them.
pub async fn column_names(browser: &Client) -> Result<Vec<String>> {
    let value = browser
        .execute(
            "return [...document.querySelectorAll('[data-column]')].map(c => c.getAttribute('aria-label'))",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Titles of the cards in a column, top to bottom.
pub async fn column_titles(browser: &Client, column_name: &str) -> Result<Vec<String>> {
    let value = browser
        .execute(
            "const col = [...document.querySelectorAll('[data-column]')]
                .find(c => c.getAttribute('aria-label') === arguments[0]);
             return col ? [...col.querySelectorAll('[data-card] .card-title')].map(t => t.textContent) : [];",
            vec![column_name.into()],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Opens a column's action menu and picks an action.
pub async fn column_action(browser: &Client, column_name: &str, action: &str) -> Result<()> {
    browser
        .find(Locator::Css(&format!(
            "button[aria-label='Actions for the stage {column_name}']"
        )))
        .await?
        .click()
        .await?;
    browser
        .find(Locator::XPath(&format!(
            "//section[@aria-label='{column_name}']//button[@role='menuitem'][.='{action}']"
        )))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Pointer steps that press on `from`, move a little (past the drag threshold), then glide to
/// the top of `to`; chain them into mouse or touch actions.
pub fn press_and_glide(
    from: fantoccini::elements::Element,
    to: fantoccini::elements::Element,
) -> Vec<fantoccini::actions::PointerAction> {
    use fantoccini::actions::{MOUSE_BUTTON_LEFT, PointerAction};
    use std::time::Duration;
    vec![
        PointerAction::MoveToElement {
            element: from,
            duration: None,
            x: 0,
            y: 0,
        },
        PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        },
        PointerAction::MoveBy {
            duration: Some(Duration::from_millis(100)),
            x: 12,
            y: 8,
        },
        PointerAction::MoveToElement {
            element: to,
            duration: Some(Duration::from_millis(300)),
            x: 0,
            y: 20,
        },
    ]
}

/// Presses and drags a card with the mouse to the list `list` (an XPath), checking the drop
/// placeholder appears there under the pointer (or, where the card may not go, that the stage
/// is shown closed to it) before releasing.
pub async fn drag_card(browser: &Client, card: &str, list: &str) -> Result<()> {
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    use std::time::Duration;
    let card_el = browser
        .find(Locator::Css(&format!("[data-card='{card}']")))
        .await?;
    let target = browser.find(Locator::XPath(list)).await?;
    let mut press = MouseActions::new("mouse".into());
    for step in press_and_glide(card_el, target) {
        press = press.then(step);
    }
    let press = press.then(PointerAction::Pause {
        duration: Duration::from_millis(100),
    });
    browser.perform_actions(press).await?;
    screenshot(browser, "dragging").await?;
    eventually(
        5,
        "the drop placeholder in the target list, or its stage the target and shown closed",
        || async {
            let placeholder = browser
                .find_all(Locator::XPath(&format!(
                    "{list}//*[@data-testid='drop-placeholder']"
                )))
                .await?;
            let closed = browser
                .find_all(Locator::XPath(&format!(
                    "{list}/ancestor::section[contains(concat(' ', @class, ' '), ' closed ')
                        and contains(concat(' ', @class, ' '), ' drop-target ')]"
                )))
                .await?;
            Ok(placeholder.len() == 1 || !closed.is_empty())
        },
    )
    .await?;
    let release = MouseActions::new("mouse".into()).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    browser.perform_actions(release).await?;
    browser.release_actions().await?;
    Ok(())
}

/// Two people on one board in two windows: Aigerim (Project Office administrator) in `a`, Bolat
/// (the board's lead) in `b`. Holds the serial lock for the test's duration.
pub struct TwoWindows {
    pub server: Server,
    pub board: String,
    pub a: Client,
    pub b: Client,
    _driver: Driver,
    _serial: MutexGuard<'static, ()>,
}

impl TwoWindows {
    pub async fn open(board_name: &str) -> Result<Self> {
        let serial = serial().await;
        let server = Server::start().await?;
        server.person("aigerim", "Aigerim", true, &[]).await?;
        server
            .person("bolat", "Bolat", false, &[(board_name, Role::Lead)])
            .await?;
        let board = server.board_id(board_name).await?;
        let driver = Driver::start().await?;
        let (a, b) = (driver.browser().await?, driver.browser().await?);
        open_board(&a, server.addr, &board, "aigerim").await?;
        open_board(&b, server.addr, &board, "bolat").await?;
        Ok(Self {
            server,
            board,
            a,
            b,
            _driver: driver,
            _serial: serial,
        })
    }

    pub async fn close(self) -> Result<()> {
        self.a.close().await?;
        self.b.close().await?;
        Ok(())
    }
}

/// A Chrome DevTools command through ChromeDriver (`goog/cdp/execute`): what WebDriver itself
/// cannot do, such as emulating print media or printing to PDF.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a DevTools command in the browser and returns its result.
pub async fn devtools(
    browser: &Client,
    cmd: &'static str,
    params: serde_json::Value,
) -> Result<serde_json::Value> {
    Ok(browser.issue_cmd(Cdp { cmd, params }).await?)
}

/// The stages every seeded board starts with, as an English page names them.
pub fn column_names_of_seed() -> Vec<String> {
    qadam_shared::seeded::STAGES
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}
