//! No words for people are written in the app's code: every text node and every attribute a
//! person reads or hears (aria-label, placeholder, title, alt) in a `view!` comes from the
//! translations. Literals in views may only be markup values (classes, ids, types, test ids),
//! code (match arms, message arguments) or symbols (a single letter or none).

use std::path::{Path, PathBuf};

/// Attributes whose value a person reads or a screen reader says.
const SPOKEN_ATTRIBUTES: [&str; 5] = [
    "aria-label",
    "placeholder",
    "title",
    "alt",
    "aria-roledescription",
];

/// Letters in a string literal found in a `view!` of `source` that a person would see: text
/// nodes, and the attributes above. Returns (line, literal).
fn visible_literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(start) = rest.find("view! {") {
        let body_start = start + "view! {".len();
        let Some(len) = block_len(&rest[body_start..]) else {
            break;
        };
        let body = &rest[body_start..body_start + len];
        for (at, end, literal) in literals(body) {
            let before = body[..at].trim_end();
            let after = body[end..].trim_start();
            let attribute = before.strip_suffix('=').map(|b| {
                b.rsplit(|c: char| c.is_whitespace() || c == '<')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("attr:")
            });
            let spoken = match attribute {
                Some(name) => SPOKEN_ATTRIBUTES.contains(&name),
                // A text node: between tags, expressions or other text nodes.
                None => {
                    (before.is_empty() || before.ends_with(['>', '}', '"']))
                        && (after.is_empty() || after.starts_with(['<', '{', '"']))
                }
            };
            if spoken && literal.chars().filter(|c| c.is_alphabetic()).count() > 1 {
                let line = source[..offset + body_start + at].lines().count();
                found.push((line, literal));
            }
        }
        offset += body_start + len;
        rest = &source[offset..];
    }
    found
}

/// Length of a `{ … }` body up to its closing brace (the opening one already read).
fn block_len(text: &str) -> Option<usize> {
    let mut depth = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => skip_string(&mut chars),
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return,
            _ => {}
        }
    }
}

/// String literals in `text`, with where each starts and ends (past its closing quote).
fn literals(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '/' && chars.peek().is_some_and(|(_, n)| *n == '/') {
            for (_, c) in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if c == '"' {
            let mut literal = String::new();
            let mut end = text.len();
            while let Some((j, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            literal.push(escaped);
                        }
                    }
                    '"' => {
                        end = j + 1;
                        break;
                    }
                    other => literal.push(other),
                }
            }
            out.push((i, end, literal));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_app_writes_no_words_outside_the_translations() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut files = Vec::new();
    rust_files(&app, &mut files);
    assert!(files.len() > 20, "the app's sources are found");
    let mut failures = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for (line, literal) in visible_literals(&source) {
            failures.push(format!("{}:{line}: \"{literal}\"", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "words for people belong in app/locales/*/main.ftl:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_check_finds_words_in_text_and_spoken_attributes() {
    let source = r#"
        view! {
            <div class="board" data-testid="x">
                <h1>"Hello"</h1>
                <button aria-label="Close" on:click=move |_| go()>"×"</button>
                <input placeholder="Stage name" type="text" inputmode=move || if a { "numeric" } else { "text" } />
                <span class="brand-mark">"Q"</span>
                <b>{n}</b> " " {name} "tasks left"
                {move || tr!("allowed-id", { "count" => n })}
                {move || match k { "Enter" => 1, _ => 2 }}
            </div>
        }
    "#;
    let found: Vec<String> = visible_literals(source)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(found, ["Hello", "Close", "Stage name", "tasks left"]);
}
