//! Tasks as a spreadsheet, one per row: what the board's export writes and what an import reads
//! (CSV or .xlsx). Headings are found in any of Qadam's three languages, so a sheet exported in
//! Russian imports into a board read in Kazakh; columns Qadam does not know are left alone.

use super::{Incoming, members_named, names_stage, same_name as same};
use crate::reports::{LANGUAGES, Words};
use chrono::NaiveDate;
use qadam_shared::card_parts::{Label, LabelColor};
use qadam_shared::catalog::Catalog;
use qadam_shared::delivery::{Deadline, Judgement, Rag, Stamp};
use qadam_shared::limits::is_usable_date;
use qadam_shared::transfer::{IMPORT_TASKS_MAX, ImportSource, ProblemKind};
use qadam_shared::{Board, Card, CardId, LabelId, Member, OrderKey};
use std::collections::HashMap;

/// A column of the sheet, by its heading's key in the server's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Stage,
    Title,
    Description,
    Agency,
    Project,
    Assignees,
    Deadline,
    Rag,
    Why,
    Labels,
}

impl Field {
    /// The columns in the order the export writes them.
    pub const ALL: [Field; 10] = [
        Field::Stage,
        Field::Title,
        Field::Description,
        Field::Agency,
        Field::Project,
        Field::Assignees,
        Field::Deadline,
        Field::Rag,
        Field::Why,
        Field::Labels,
    ];

    /// The heading's key in `server/locales/*/export.ftl`.
    pub fn heading(self) -> &'static str {
        match self {
            Field::Stage => "column-stage",
            Field::Title => "column-task",
            Field::Description => "column-description",
            Field::Agency => "column-agency",
            Field::Project => "column-project",
            Field::Assignees => "column-assignees",
            Field::Deadline => "column-deadline",
            Field::Rag => "column-rag",
            Field::Why => "column-why",
            Field::Labels => "column-labels",
        }
    }
}

/// Names listed in one cell (assignees, labels).
pub const LIST_SEPARATOR: &str = "; ";

/// A cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Day(NaiveDate),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Text(s) => s.trim().to_owned(),
            Value::Day(d) => d.format("%d.%m.%Y").to_string(),
        }
    }
}

/// A sheet's rows as a spreadsheet program numbers them (from 1), with their cells.
pub type Rows = Vec<(usize, Vec<Value>)>;

/// Most rows read: the tasks an import takes, the heading and a title above it.
const ROWS_MAX: usize = IMPORT_TASKS_MAX + 10;
/// Most columns read; a task's columns are far fewer.
const COLUMNS_READ: usize = 64;
/// Most bytes an .xlsx file may unpack to.
const XLSX_UNPACKED_MAX: u64 = 100 * 1024 * 1024;

/// Why a sheet does not read.
pub enum Unreadable {
    /// Not CSV or .xlsx at all.
    Broken(String),
    /// More rows than an import takes.
    TooLong,
}

/// The rows of a CSV file (UTF-8, with or without a byte-order mark), separated by `delimiter`.
pub fn csv_rows(bytes: &[u8], delimiter: u8) -> Result<Rows, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(Unreadable::Broken("the file is not UTF-8 text".into()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut row = 0;
    for record in reader.records() {
        let record = record.map_err(|e| Unreadable::Broken(e.to_string()))?;
        if rows.len() == ROWS_MAX {
            return Err(Unreadable::TooLong);
        }
        // The reader skips blank lines, which a spreadsheet program shows as empty rows: a
        // record's position is where the reader started, before the blank lines it skipped.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let blank = bytes.get(start..).unwrap_or_default();
        let blank = blank.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        row += 1 + blank.filter(|b| **b == b'\n').count();
        let cells = record
            .iter()
            .take(COLUMNS_READ)
            .map(|c| Value::Text(crate::reports::live(c)));
        rows.push((row, cells.collect()));
    }
    Ok(rows)
}

/// The rows of an .xlsx workbook's first sheet; dates stay dates. Cells are read one by one,
/// so a sheet claiming a million rows costs what it holds, and the rows stop at `ROWS_MAX`.
pub fn xlsx_rows(bytes: &[u8]) -> Result<Rows, Unreadable> {
    use calamine::{DataRef, Reader, Xlsx};
    let broken = |e: &dyn std::fmt::Display| Unreadable::Broken(e.to_string());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| broken(&e))?;
    // The sizes the file declares, added without overflowing: two entries declaring 2^63
    // bytes each must not add up to nothing.
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map_err(|e| broken(&e))?.size();
        unpacked = unpacked.saturating_add(size);
    }
    if unpacked > XLSX_UNPACKED_MAX {
        return Err(Unreadable::Broken("the workbook unpacks too large".into()));
    }
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Unreadable::Broken("the workbook has no sheet".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| broken(&e))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<Value>> = Default::default();
    while let Some(cell) = cells.next_cell().map_err(|e| broken(&e))? {
        let (row, column) = cell.get_position();
        if column as usize >= COLUMNS_READ {
            continue;
        }
        let value = match cell.get_value() {
            DataRef::DateTime(d) if !d.is_duration() => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                match NaiveDate::from_ymd_opt(y.into(), m.into(), day.into()) {
                    Some(date) if d.as_f64() >= 1.0 => Value::Day(date),
                    // Excel's 29 February 1900, or no day at all: shown as the number it is.
                    _ => Value::Text(d.as_f64().to_string()),
                }
            }
            DataRef::DateTimeIso(s) => s
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or_else(|| Value::Text(s.clone()), Value::Day),
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) => Value::Text((*s).to_owned()),
            DataRef::Int(i) => Value::Text(i.to_string()),
            DataRef::Float(f) => Value::Text(f.to_string()),
            DataRef::Bool(b) => Value::Text(b.to_string()),
            DataRef::DateTime(d) => Value::Text(d.as_f64().to_string()),
            DataRef::DurationIso(s) => Value::Text(s.clone()),
            DataRef::Error(_) | DataRef::Empty => Value::Text(String::new()),
        };
        if !rows.contains_key(&row) && rows.len() == ROWS_MAX {
            return Err(Unreadable::TooLong);
        }
        let line = rows.entry(row).or_default();
        line.resize(
            line.len().max(column as usize + 1),
            Value::Text(String::new()),
        );
        line[column as usize] = value;
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| (row as usize + 1, cells))
        .collect())
}

/// A CSV file's rows, with the separator that finds the task column: semicolons (as
/// spreadsheet programs in Kazakhstan and Russia write them), commas or tabs.
pub fn csv_rows_any(bytes: &[u8], catalog: &Catalog) -> Result<Rows, Unreadable> {
    let known = headings(catalog);
    let mut first = None;
    for delimiter in [b';', b',', b'\t'] {
        let rows = csv_rows(bytes, delimiter)?;
        if heading_row(&rows, &known).is_some() {
            return Ok(rows);
        }
        first.get_or_insert(rows);
    }
    Ok(first.unwrap_or_default())
}

/// How each field's heading reads in every language, lower-cased.
fn headings(catalog: &Catalog) -> HashMap<String, Field> {
    let mut found = HashMap::new();
    for language in LANGUAGES {
        let words = Words::new(language, catalog).expect("one of the languages");
        for field in Field::ALL {
            found.insert(words.get(field.heading()).to_lowercase(), field);
        }
    }
    found
}

/// The heading row, the first of the first ten that names the task column (an export puts a
/// title above it), and where each field's column is.
fn heading_row(
    rows: &Rows,
    known: &HashMap<String, Field>,
) -> Option<(usize, HashMap<Field, usize>)> {
    rows.iter().take(10).enumerate().find_map(|(i, (_, row))| {
        let columns: HashMap<Field, usize> = row
            .iter()
            .enumerate()
            .filter_map(|(c, v)| known.get(&v.text().to_lowercase()).map(|f| (*f, c)))
            .collect();
        columns.contains_key(&Field::Title).then_some((i, columns))
    })
}

/// Reads a day as people type one: `27.11.2026`, `2026-11-27` or `27/11/2026`.
fn day(value: &Value) -> Option<NaiveDate> {
    match value {
        Value::Day(d) => Some(*d),
        Value::Text(s) => ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s.trim(), f).ok()),
    }
    // `27` is not 2027: a year written short reads as a year of the first century, which no
    // task keeps.
    .filter(|d| is_usable_date(*d))
}

/// The names listed in a cell: separated by semicolons (as the export writes them), or by
/// commas when there is no semicolon.
fn list(text: &str) -> Vec<String> {
    let separator = if text.contains(';') { ';' } else { ',' };
    text.split(separator)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The sheet's tasks onto `board` (whose stages they must name), its people matched to
/// `members`, agencies and projects by code or by name in any language.
pub fn read(
    source: ImportSource,
    rows: Rows,
    board: &Board,
    members: &[Member],
    catalog: &Catalog,
    importer: &Stamp,
) -> Incoming {
    let mut target = board.clone();
    target.cards.clear();
    target.labels.clear();
    let mut incoming = Incoming::new(source, target);
    let known = headings(catalog);
    let Some((heading, columns)) = heading_row(&rows, &known) else {
        incoming.problem(0, ProblemKind::NoTitleColumn, "");
        return incoming;
    };
    let first_stage = board
        .columns
        .values()
        .min_by(|a, b| a.position.cmp(&b.position));
    let words: Vec<Words> = LANGUAGES
        .iter()
        .map(|l| Words::new(l, catalog).expect("one of the languages"))
        .collect();
    let mut labels: HashMap<String, LabelId> = HashMap::new();
    let mut ends = HashMap::new();
    for (number, row) in rows.iter().skip(heading + 1) {
        let number = *number;
        let cell = |field: Field| {
            columns
                .get(&field)
                .and_then(|c| row.get(*c))
                .map(Value::text)
                .unwrap_or_default()
        };
        if row.iter().all(|v| v.text().is_empty()) {
            continue;
        }
        let title = cell(Field::Title);
        if title.is_empty() {
            incoming.problem(number, ProblemKind::MissingTitle, "");
            continue;
        }
        let stage_name = cell(Field::Stage);
        let stage = if stage_name.is_empty() {
            first_stage
        } else {
            board
                .columns
                .values()
                .find(|c| names_stage(&c.name, &stage_name))
        };
        let Some(stage) = stage else {
            incoming.problem(number, ProblemKind::UnknownStage, stage_name);
            continue;
        };
        let position = OrderKey::between(ends.get(&stage.id), None);
        ends.insert(stage.id, position.clone());
        let id = CardId::random();
        let mut card = Card {
            id,
            column: stage.id,
            position,
            title,
            description: cell(Field::Description),
            archived: false,
            delivery: Default::default(),
            parts: Default::default(),
        };
        let agency = cell(Field::Agency);
        if !agency.is_empty() {
            let found = catalog.agencies.iter().filter(|a| !a.retired).find(|a| {
                same(&a.code, &agency) || LANGUAGES.iter().any(|l| same(a.names.get(l), &agency))
            });
            match found {
                Some(a) => card.delivery.agency = Some(a.code.clone()),
                None => incoming.problem(number, ProblemKind::UnknownAgency, agency),
            }
        }
        let project = cell(Field::Project);
        if !project.is_empty() {
            let found = catalog.projects.iter().filter(|p| !p.retired).find(|p| {
                same(&p.code, &project) || LANGUAGES.iter().any(|l| same(p.names.get(l), &project))
            });
            match found {
                Some(p) => card.delivery.project = Some(p.code.clone()),
                None => incoming.problem(number, ProblemKind::UnknownProject, project),
            }
        }
        for name in list(&cell(Field::Assignees)) {
            match members_named(members, &name).as_slice() {
                [one] => card.delivery.assignees.push(one.user_id),
                [] => {
                    incoming.unmatched.insert(name);
                }
                _ => incoming.problem(number, ProblemKind::AmbiguousPerson, name),
            }
        }
        let deadline = columns.get(&Field::Deadline).and_then(|c| row.get(*c));
        if let Some(value) = deadline.filter(|v| !v.text().is_empty()) {
            match day(value) {
                Some(due) => {
                    card.delivery.deadline = Some(Deadline {
                        original: due,
                        current: due,
                        changes: Vec::new(),
                    })
                }
                None => incoming.problem(number, ProblemKind::BadDate, value.text()),
            }
        }
        let rag = cell(Field::Rag);
        if !rag.is_empty() {
            let found = Rag::ALL
                .into_iter()
                .find(|r| same(r.as_str(), &rag) || words.iter().any(|w| same(&w.rag(*r), &rag)));
            match found {
                Some(rag) => {
                    card.delivery.judgement = Some(Judgement {
                        rag,
                        reason: cell(Field::Why),
                        stamp: importer.clone(),
                    })
                }
                None => incoming.problem(number, ProblemKind::UnknownStatus, rag),
            }
        }
        for name in list(&cell(Field::Labels)) {
            let next = labels.len();
            let label = *labels.entry(name.to_lowercase()).or_insert_with(|| {
                let id = LabelId::random();
                let color = LabelColor::ALL[next % LabelColor::ALL.len()];
                incoming.board.labels.insert(id, Label { id, name, color });
                id
            });
            card.parts.labels.push(label);
        }
        incoming.rows.insert(id, number);
        incoming.board.cards.insert(id, card);
    }
    incoming
}
