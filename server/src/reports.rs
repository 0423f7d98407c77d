//! The stocktake as files leadership opens: CSV and Excel, in the reader's language. The words
//! are the server's own translations (`server/locales/<language>/export.ftl`); the report's
//! content comes from `qadam_shared::stocktake`.

use crate::error::{Error, Result};
use chrono::{NaiveDate, Timelike};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use qadam_shared::catalog::Catalog;
use qadam_shared::delivery::{DeadlineStatus, Rag, office_time};
use qadam_shared::limits::is_usable_date;
use qadam_shared::metrics::Outcome;
use qadam_shared::seeded::in_language;
use qadam_shared::stocktake::{Named, Standing, Stocktake};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static WORDS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages exports are written in.
pub const LANGUAGES: [&str; 3] = ["kk", "ru", "en"];

/// The words of one language, and the office's lists to name agencies and projects in it.
pub struct Words<'a> {
    language: &'static str,
    id: LanguageIdentifier,
    catalog: &'a Catalog,
}

impl<'a> Words<'a> {
    /// Words in `language`, one of `LANGUAGES`.
    pub fn new(language: &str, catalog: &'a Catalog) -> Result<Self> {
        let language = LANGUAGES
            .into_iter()
            .find(|l| *l == language)
            .ok_or_else(|| Error::BadRequest {
                code: "bad_language",
                message: format!("exports are written in {}", LANGUAGES.join(", ")),
            })?;
        Ok(Words {
            language,
            id: language.parse().expect("a language tag"),
            catalog,
        })
    }

    pub(crate) fn get(&self, key: &str) -> String {
        WORDS.lookup(&self.id, key)
    }

    pub(crate) fn with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        WORDS.lookup_with_args(&self.id, key, &args)
    }

    /// A board's or stage's name: a seeded one in the language, a typed one as typed.
    pub(crate) fn name(&self, name: &str) -> String {
        in_language(name, self.language).map_or_else(|| name.to_owned(), str::to_owned)
    }

    pub(crate) fn agency(&self, code: &str) -> String {
        self.catalog.agency(code).map_or_else(
            || code.to_owned(),
            |a| a.names.get(self.language).to_owned(),
        )
    }

    /// A strategic project's name in the language.
    pub fn project(&self, code: &str) -> String {
        self.catalog.project(code).map_or_else(
            || code.to_owned(),
            |p| p.names.get(self.language).to_owned(),
        )
    }

    pub(crate) fn rag(&self, rag: Rag) -> String {
        self.get(match rag {
            Rag::Green => "rag-green",
            Rag::AmberGreen => "rag-amber-green",
            Rag::AmberRed => "rag-amber-red",
            Rag::Red => "rag-red",
        })
    }

    fn status(&self, status: DeadlineStatus) -> String {
        self.get(match status {
            DeadlineStatus::OnTrack => "status-on-track",
            DeadlineStatus::DueSoon => "status-due-soon",
            DeadlineStatus::Overdue => "status-overdue",
            DeadlineStatus::DoneOnTime => "status-done-on-time",
            DeadlineStatus::DoneLate => "status-done-late",
        })
    }

    fn outcome(&self, outcome: Option<Outcome>) -> String {
        self.get(match outcome {
            Some(Outcome::OnTime) => "outcome-on-time",
            Some(Outcome::AfterExtension) => "outcome-after-extension",
            Some(Outcome::Late) => "outcome-late",
            None => "outcome-none",
        })
    }
}

/// A value in a report's table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Day(NaiveDate),
    /// Milliseconds since the epoch, written in the office's time.
    Moment(i64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn day(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Day)
    }

    /// As CSV writes it: `27.11.2026`, `27.11.2026 15:10`.
    pub(crate) fn written(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Day(d) => d.format("%d.%m.%Y").to_string(),
            Cell::Moment(ms) => office_time(*ms).format("%d.%m.%Y %H:%M").to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One section of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The report's title and its sections as tables, in `words`' language.
pub fn stocktake_tables(report: &Stocktake, title: String, words: &Words) -> (String, Vec<Table>) {
    let w = |key: &str| words.get(key);
    let task = |t: &Named| [Cell::text(words.name(&t.board_name)), Cell::text(&t.title)];
    let standing = |s: &Standing| -> Vec<Cell> {
        let mut row = task(&s.task).to_vec();
        row.extend([
            Cell::text(words.name(&s.stage)),
            Cell::text(
                s.agency
                    .as_deref()
                    .map(|a| words.agency(a))
                    .unwrap_or_default(),
            ),
            Cell::day(s.due),
            Cell::text(s.status.map(|st| words.status(st)).unwrap_or_default()),
            Cell::text(s.rag.map(|r| words.rag(r)).unwrap_or_default()),
            Cell::text(&s.why),
        ]);
        row
    };
    let standing_headings = [
        "column-team",
        "column-task",
        "column-stage",
        "column-agency",
        "column-deadline",
        "column-deadline-status",
        "column-rag",
        "column-why",
    ];
    let table = |name: &str, headings: &[&str], rows: Vec<Vec<Cell>>| Table {
        name: w(name),
        headings: headings.iter().map(|h| w(h)).collect(),
        rows,
    };
    let tables = vec![
        table(
            "stocktake-moved",
            &["column-team", "column-task", "column-from", "column-to"],
            report
                .moved
                .iter()
                .map(|m| {
                    let mut row = task(&m.task).to_vec();
                    row.push(Cell::text(
                        m.from
                            .as_deref()
                            .map_or_else(|| w("stage-added"), |s| words.name(s)),
                    ));
                    row.push(Cell::text(
                        m.to.as_deref()
                            .map_or_else(|| w("stage-archived"), |s| words.name(s)),
                    ));
                    row
                })
                .collect(),
        ),
        table(
            "stocktake-finished",
            &[
                "column-team",
                "column-task",
                "column-finished-on",
                "column-outcome",
            ],
            report
                .finished
                .iter()
                .map(|f| {
                    let mut row = task(&f.task).to_vec();
                    row.extend([Cell::Moment(f.at), Cell::text(words.outcome(f.outcome))]);
                    row
                })
                .collect(),
        ),
        table(
            "stocktake-attention",
            &standing_headings,
            report.attention.iter().map(standing).collect(),
        ),
        table(
            "stocktake-extended",
            &[
                "column-team",
                "column-task",
                "column-from",
                "column-to",
                "column-why",
                "column-by",
                "column-when",
            ],
            report
                .extended
                .iter()
                .map(|e| {
                    let mut row = task(&e.task).to_vec();
                    row.extend([
                        Cell::Day(e.from),
                        Cell::Day(e.to),
                        Cell::text(&e.reason),
                        Cell::text(&e.by),
                        Cell::Moment(e.at),
                    ]);
                    row
                })
                .collect(),
        ),
        table(
            "stocktake-special",
            &standing_headings,
            report.special.iter().map(standing).collect(),
        ),
        table(
            "stocktake-decisions",
            &[
                "column-team",
                "column-task",
                "column-question",
                "column-by",
                "column-when",
            ],
            report
                .decisions
                .iter()
                .map(|d| {
                    let mut row = task(&d.task).to_vec();
                    row.extend([
                        Cell::text(&d.question),
                        Cell::text(&d.by),
                        Cell::Moment(d.at),
                    ]);
                    row
                })
                .collect(),
        ),
    ];
    (title, tables)
}

/// The title of a board's or a project's report.
pub fn title(
    words: &Words,
    board: Option<&str>,
    project: Option<&str>,
    report: &Stocktake,
) -> String {
    let (from, to) = (
        Cell::Day(report.period.from).written(),
        Cell::Day(report.period.to).written(),
    );
    match (board, project) {
        (Some(board), _) => words.with(
            "stocktake-of-board",
            &[("board", words.name(board)), ("from", from), ("to", to)],
        ),
        (None, project) => words.with(
            "stocktake-of-project",
            &[
                ("project", words.project(project.unwrap_or_default())),
                ("from", from),
                ("to", to),
            ],
        ),
    }
}

/// What a spreadsheet program would run as a formula when a cell starts with it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell's text that a spreadsheet program shows and does not run: one starting like a formula
/// (a task titled `=HYPERLINK(…)`) gets a leading apostrophe, which the program hides. So does
/// each part after a semicolon: a program splitting lines on semicolons (Excel in Russian and
/// Kazakh settings, opening a CSV file) starts a cell there (`Budget;=2+5`).
fn inert(text: String) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut starts_cell = true;
    for c in text.chars() {
        if starts_cell && FORMULA_STARTS.contains(&c) {
            out.push('\'');
        }
        starts_cell = c == ';';
        out.push(c);
    }
    out
}

/// A CSV cell as typed: the apostrophes `inert` put before formula-like text come off.
pub fn live(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    let mut starts_cell = true;
    while let Some(c) = chars.next() {
        let put = c == '\'' && chars.peek().is_some_and(|n| FORMULA_STARTS.contains(n));
        if !(starts_cell && put) {
            out.push(c);
        }
        starts_cell = c == ';';
    }
    out
}

/// One CSV table: the title, then each section's rows under a "section" column. UTF-8 with a
/// byte-order mark, so spreadsheet programs read Kazakh and Russian right; no cell runs as a
/// formula. (Excel files write text as text, which never runs.)
pub fn csv(title: &str, tables: &[Table], words: &Words) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let width = tables.iter().map(|t| t.headings.len()).max().unwrap_or(0) + 1;
    let line = |cells: Vec<String>| {
        let mut cells: Vec<String> = cells.into_iter().map(inert).collect();
        cells.resize(width, String::new());
        cells
    };
    let write = |out: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        out.write_record(line(cells))
            .map_err(|e| Error::Internal(anyhow::anyhow!("writing CSV: {e}")))
    };
    write(&mut out, vec![title.to_owned()])?;
    for table in tables {
        let mut headings = vec![words.get("column-section")];
        headings.extend(table.headings.iter().cloned());
        write(&mut out, headings)?;
        for row in &table.rows {
            let mut cells = vec![table.name.clone()];
            cells.extend(row.iter().map(Cell::written));
            write(&mut out, cells)?;
        }
    }
    out.into_inner()
        .map_err(|e| Error::Internal(anyhow::anyhow!("writing CSV: {e}")))
}

/// An Excel workbook: a sheet per section, with the title above bold headings, dates as dates.
pub fn xlsx(title: &str, tables: &[Table]) -> Result<Vec<u8>> {
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::Internal(anyhow::anyhow!("writing Excel: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_background_color("#DFE4EA");
    let day = Format::new().set_num_format("dd.mm.yyyy");
    let moment = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let wrap = Format::new().set_text_wrap();
    for table in tables {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters, unique, and without []:*?/\ (a board's name
        // may hold any of them).
        let name: String = table
            .name
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .take(31)
            .collect();
        sheet.set_name(&name).map_err(failed)?;
        sheet
            .write_string_with_format(0, 0, title, &bold)
            .map_err(failed)?;
        for (c, h) in table.headings.iter().enumerate() {
            let c = c as u16;
            sheet
                .write_string_with_format(2, c, h, &heading)
                .map_err(failed)?;
            sheet
                .set_column_width(c, if c == 1 { 48 } else { 20 })
                .map_err(failed)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string_with_format(r, c, s, &wrap).map(|_| ()),
                    Cell::Day(d) => match excel_day(*d) {
                        Some(excel) => sheet.write_datetime_with_format(r, c, excel, &day),
                        // Kept before the rule on years: written as it reads.
                        None => sheet.write_string_with_format(r, c, d.to_string(), &wrap),
                    }
                    .map(|_| ()),
                    Cell::Moment(ms) => {
                        let t = office_time(*ms);
                        let excel = excel_day(t.date())
                            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, 0).ok());
                        match excel {
                            Some(excel) => sheet.write_datetime_with_format(r, c, excel, &moment),
                            None => sheet.write_string_with_format(r, c, t.to_string(), &wrap),
                        }
                        .map(|_| ())
                    }
                    Cell::Empty => Ok(()),
                }
                .map_err(failed)?;
            }
        }
        sheet.set_freeze_panes(3, 0).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// The day as Excel keeps it, if it falls in the years dates may (`limits::YEARS`, all of
/// them Excel's).
fn excel_day(d: NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    if !is_usable_date(d) {
        return None;
    }
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A date kept before dates had to fall in `YEARS` still downloads: written as text.
    #[test]
    fn a_workbook_writes_a_date_excel_cannot_hold_as_text() {
        let table = |day: &str| Table {
            name: "Energy".into(),
            headings: vec!["Deadline".into()],
            rows: vec![vec![Cell::Day(day.parse().unwrap())]],
        };
        for day in ["0202-05-01", "+67436-01-01", "2026-11-29"] {
            assert!(xlsx("Board", &[table(day)]).is_ok(), "{day}");
        }
    }

    #[test]
    fn no_part_of_a_csv_cell_runs_as_a_formula_and_each_comes_back_as_typed() {
        for (typed, written) in [
            ("=1+2", "'=1+2"),
            ("Budget;=2+5", "Budget;'=2+5"),
            ("a;@b;-c", "a;'@b;'-c"),
            ("; +7 701", "; +7 701"),
            ("Roads, 2027", "Roads, 2027"),
            ("'quoted'", "'quoted'"),
            ("x;'y", "x;'y"),
        ] {
            assert_eq!(inert(typed.to_owned()), written, "{typed}");
            assert_eq!(live(written), typed, "{written}");
        }
    }

    /// The messages of a language's file, with the variables each one uses.
    fn messages(language: &str) -> BTreeSet<(String, BTreeSet<String>)> {
        let path = format!(
            "{}/locales/{language}/export.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter_map(|l| l.split_once(" = "))
            .filter(|(k, _)| !k.starts_with('#'))
            .map(|(k, v)| {
                let vars = v
                    .split("{ $")
                    .skip(1)
                    .filter_map(|rest| rest.split_once(' ').map(|(name, _)| name.to_owned()))
                    .collect();
                (k.to_owned(), vars)
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_message_with_the_same_variables() {
        let english = messages("en");
        assert!(english.len() > 30);
        for language in ["kk", "ru"] {
            assert_eq!(messages(language), english, "{language}");
        }
    }

    #[test]
    fn the_words_for_statuses_match_the_app_s() {
        for language in LANGUAGES {
            let path = format!(
                "{}/../app/locales/{language}/main.ftl",
                env!("CARGO_MANIFEST_DIR")
            );
            let app = std::fs::read_to_string(path).unwrap();
            let app_says = |key: &str| {
                app.lines()
                    .find_map(|l| l.strip_prefix(&format!("{key} = ")))
                    .unwrap()
                    .to_owned()
            };
            let catalog = Catalog::default();
            let words = Words::new(language, &catalog).unwrap();
            assert_eq!(words.rag(Rag::AmberRed), app_says("rag-amber-red"));
            assert_eq!(
                words.status(DeadlineStatus::Overdue),
                app_says("due-overdue")
            );
            assert_eq!(
                words.status(DeadlineStatus::DoneLate),
                app_says("due-done-late")
            );
        }
    }
}
