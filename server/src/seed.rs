//! The ten interdepartmental teams' boards, created on an empty database, with tasks of the kind
//! the Project Office keeps under control and the fields a real office's would carry: agencies,
//! people, deadlines (some due soon, some overdue, some extended with a reason), judgements,
//! special control, sources and strategic projects, labels, checklists and comments. Seeding goes
//! through the same rules and log as any change, so the boards' history starts with their
//! creation.

use crate::auth::password;
use crate::clock::now_millis;
use crate::error::Result;
use crate::storage::Store;
use crate::storage::accounts::NewUser;
use chrono::{Days, NaiveDate};
use qadam_shared::authority::{self, Author, Submission, Verdict};
use qadam_shared::card_parts::LabelColor;
use qadam_shared::delivery::{DAY_MS, Source, SourceKind, office_date};
use qadam_shared::ops::Target;
use qadam_shared::seeded::{BOARDS, SEED_AUTHOR, STAGES};
use qadam_shared::{
    Board, BoardId, BoardSettings, CardId, ClientOpId, ColumnId, ItemId, LabelId, Op, OrderKey,
    Rag, Role, UserId,
};

/// Where a seeded task comes from.
#[derive(Clone, Copy)]
struct Src {
    kind: SourceKind,
    number: &'static str,
    date: (i32, u32, u32),
}

/// The Address of 2 September 2024.
const ADDRESS: Src = Src {
    kind: SourceKind::Address,
    number: "",
    date: (2024, 9, 2),
};
/// The Address of 8 September 2025.
const ADDRESS_2025: Src = Src {
    kind: SourceKind::Address,
    number: "",
    date: (2025, 9, 8),
};
/// The National Development Plan to 2029, approved by Decree No. 611 of 30 July 2024.
const NDP: Src = Src {
    kind: SourceKind::NationalPlan,
    number: "611",
    date: (2024, 7, 30),
};

struct Task {
    title: &'static str,
    stage: usize,
    agency: &'static str,
    project: Option<&'static str>,
    source: Src,
}

const fn task(
    stage: usize,
    title: &'static str,
    agency: &'static str,
    project: Option<&'static str>,
    source: Src,
) -> Task {
    Task {
        title,
        stage,
        agency,
        project,
        source,
    }
}

/// Each team's people, its lead first: (login, name). They have no password until an
/// administrator sets one on the People page.
pub const PEOPLE: [[(&str, &str); 3]; 10] = [
    [
        ("n.abenov", "Nurlan Abenov"),
        ("a.sarsenova", "Aliya Sarsenova"),
        ("d.kassymov", "Daniyar Kassymov"),
    ],
    [
        ("g.zhaksylykova", "Gulnara Zhaksylykova"),
        ("y.omarov", "Yerlan Omarov"),
        ("m.tulegenova", "Madina Tulegenova"),
    ],
    [
        ("a.mukhametova", "Aizhan Mukhametova"),
        ("b.iskakov", "Bauyrzhan Iskakov"),
        ("s.rakhimova", "Saule Rakhimova"),
    ],
    [
        ("m.zhunusov", "Marat Zhunusov"),
        ("d.akhmetova", "Dana Akhmetova"),
        ("t.baimukhanov", "Timur Baimukhanov"),
    ],
    [
        ("a.kenzhebayeva", "Asel Kenzhebayeva"),
        ("r.ospanov", "Ruslan Ospanov"),
        ("z.dzhaksybekova", "Zhanar Dzhaksybekova"),
    ],
    [
        ("y.tokhtarov", "Yerbol Tokhtarov"),
        ("k.nurpeisova", "Kamila Nurpeisova"),
        ("a.zhumabekov", "Arman Zhumabekov"),
    ],
    [
        ("s.kaliyev", "Samat Kaliyev"),
        ("a.beisenova", "Ainur Beisenova"),
        ("o.sadykov", "Olzhas Sadykov"),
    ],
    [
        ("a.nurmagambetov", "Askar Nurmagambetov"),
        ("d.smagulova", "Dinara Smagulova"),
        ("a.yessenov", "Alibek Yessenov"),
    ],
    [
        ("l.orazbayeva", "Lyazzat Orazbayeva"),
        ("n.mukanov", "Nurzhan Mukanov"),
        ("a.zhakupova", "Aigerim Zhakupova"),
    ],
    [
        ("k.utegenov", "Kairat Utegenov"),
        ("b.amanova", "Botagoz Amanova"),
        ("a.serikbayev", "Azamat Serikbayev"),
    ],
];

/// Days from today to each task's deadline, in turn: some far, some due soon, some overdue.
const DEADLINE_DAYS: [i64; 9] = [60, 5, -12, 120, 25, -4, 200, 40, 3];
/// Why a seeded deadline was moved, in turn.
const EXTENSION_REASONS: [&str; 4] = [
    "Waiting for the amendment to the republican budget",
    "The tender was appealed; the contractor was chosen two months late",
    "Design documentation returned for revision after state expertise",
    "Moved by the protocol of the Government's meeting",
];
/// Milestones of a seeded task, the first ticked.
const MILESTONES: [&str; 3] = [
    "Terms of reference approved",
    "Financing confirmed in the budget",
    "Contract signed",
];
/// Comments on seeded tasks, in turn.
const COMMENTS: [&str; 3] = [
    "The ministry confirmed the schedule at the weekly meeting.",
    "The akimat asks to move the public hearing to next month.",
    "Awaiting the Government's decision on co-financing.",
];

/// Decisions seeded tasks ask of leadership, in turn.
const DECISIONS: [&str; 3] = [
    "Approve co-financing from the republican budget for next year.",
    "Choose the lead ministry for the interdepartmental working group.",
    "Agree to move the deadline into the next quarter's plan.",
];

/// Judgements in turn, with a reason where one is needed.
const JUDGEMENTS: [(Rag, &str); 7] = [
    (Rag::Green, ""),
    (
        Rag::AmberGreen,
        "Financing confirmed; procurement under way",
    ),
    (
        Rag::AmberRed,
        "Equipment deliveries are two months behind the schedule",
    ),
    (Rag::Green, ""),
    (
        Rag::Red,
        "The contractor has stopped work; a new tender is needed",
    ),
    (Rag::AmberGreen, ""),
    (
        Rag::AmberRed,
        "The regional akimat has not allocated the land plot yet",
    ),
];

fn teams() -> Vec<(&'static str, &'static str, Vec<Task>)> {
    vec![
        (
            BOARDS[0].0,
            BOARDS[0].1,
            vec![
                task(
                    2,
                    "Trans-Caspian route: raise throughput of Aktau and Kuryk ports",
                    "min-transport",
                    Some("mangystau"),
                    NDP,
                ),
                task(
                    3,
                    "Dostyk – Moyynty second track: put into operation",
                    "ktz",
                    None,
                    NDP,
                ),
                task(
                    1,
                    "Digital freight corridor: single window for transit cargo",
                    "min-transport",
                    Some("fiscal-platforms"),
                    ADDRESS,
                ),
                task(
                    0,
                    "Renew the intercity bus fleet in the regions",
                    "min-transport",
                    None,
                    NDP,
                ),
                task(
                    2,
                    "Bakhty – Ayagoz railway line: construction",
                    "ktz",
                    None,
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[1].0,
            BOARDS[1].1,
            vec![
                task(
                    2,
                    "Multidisciplinary hospitals in the regions",
                    "min-health",
                    Some("human-capital"),
                    NDP,
                ),
                task(
                    1,
                    "Primary care in rural settlements: medical and obstetric points",
                    "min-health",
                    Some("human-capital"),
                    ADDRESS,
                ),
                task(
                    0,
                    "Unified national health information system",
                    "min-ai-digital",
                    Some("human-capital"),
                    NDP,
                ),
                task(
                    3,
                    "Guaranteed free medical care package: audit of drug provision",
                    "min-health",
                    None,
                    ADDRESS,
                ),
            ],
        ),
        (
            BOARDS[2].0,
            BOARDS[2].1,
            vec![
                task(
                    2,
                    "Comfortable schools: new schools to end three-shift teaching",
                    "min-education",
                    Some("human-capital"),
                    ADDRESS,
                ),
                task(
                    4,
                    "Teacher certification: new rules adopted",
                    "min-education",
                    Some("human-capital"),
                    NDP,
                ),
                task(
                    1,
                    "Human capital: free vocational training for young people",
                    "min-labour",
                    Some("human-capital"),
                    ADDRESS,
                ),
                task(
                    0,
                    "Reading and enlightenment programme for regional libraries",
                    "min-culture-information",
                    Some("human-capital"),
                    ADDRESS,
                ),
            ],
        ),
        (
            BOARDS[3].0,
            BOARDS[3].1,
            vec![
                task(
                    2,
                    "First nuclear power station: site surveys and EPC contract",
                    "min-energy",
                    None,
                    ADDRESS,
                ),
                task(
                    0,
                    "Second and third nuclear power stations: siting study",
                    "min-energy",
                    None,
                    ADDRESS,
                ),
                task(
                    1,
                    "Ekibastuz GRES-3: first power unit",
                    "samruk-kazyna",
                    None,
                    NDP,
                ),
                task(
                    2,
                    "Modernise heat and power plants in Kokshetau, Semey and Oskemen",
                    "min-energy",
                    None,
                    NDP,
                ),
                task(
                    3,
                    "Tariff in exchange for investment: results review",
                    "min-national-economy",
                    Some("fiscal-platforms"),
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[4].0,
            BOARDS[4].1,
            vec![
                task(
                    1,
                    "New reservoirs and reconstruction of existing ones",
                    "min-water-irrigation",
                    None,
                    ADDRESS,
                ),
                task(
                    2,
                    "Digital water metering on irrigation canals",
                    "min-water-irrigation",
                    None,
                    NDP,
                ),
                task(
                    4,
                    "New Water Code adopted",
                    "min-water-irrigation",
                    None,
                    ADDRESS,
                ),
                task(
                    0,
                    "Syr Darya transboundary water-sharing agreement",
                    "min-foreign-affairs",
                    None,
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[5].0,
            BOARDS[5].1,
            vec![
                task(
                    2,
                    "Gas chemical complex in Atyrau region: polyethylene",
                    "kazmunaygas",
                    None,
                    NDP,
                ),
                task(
                    1,
                    "Automotive components localisation in Kostanay",
                    "akimat-kostanay",
                    None,
                    NDP,
                ),
                task(0, "Copper smelter in Abai region", "akimat-abai", None, NDP),
                task(
                    3,
                    "Industrial policy law: secondary legislation",
                    "min-industry-construction",
                    None,
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[6].0,
            BOARDS[6].1,
            vec![
                task(
                    2,
                    "Housing commissioning plan for the year",
                    "min-industry-construction",
                    None,
                    NDP,
                ),
                task(
                    1,
                    "Modernisation of housing and communal networks",
                    "min-industry-construction",
                    None,
                    ADDRESS,
                ),
                task(
                    0,
                    "Seismic safety survey of buildings in Almaty",
                    "akimat-almaty",
                    None,
                    ADDRESS,
                ),
                task(
                    3,
                    "Digital building permits under the Construction Code",
                    "min-industry-construction",
                    Some("fiscal-platforms"),
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[7].0,
            BOARDS[7].1,
            vec![
                task(
                    2,
                    "AI in public services: proactive services on eGov",
                    "min-ai-digital",
                    Some("fiscal-platforms"),
                    ADDRESS_2025,
                ),
                task(
                    2,
                    "Fiscal sustainability platform: single tax and budget data",
                    "min-finance",
                    Some("fiscal-platforms"),
                    ADDRESS_2025,
                ),
                task(
                    1,
                    "National AI platform and supercomputer cluster",
                    "min-ai-digital",
                    None,
                    ADDRESS_2025,
                ),
                task(
                    3,
                    "Broadband for rural settlements",
                    "min-ai-digital",
                    None,
                    NDP,
                ),
                task(
                    0,
                    "Government cloud data centre certification",
                    "min-ai-digital",
                    None,
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[8].0,
            BOARDS[8].1,
            vec![
                task(
                    1,
                    "Venture fund of funds for technology startups",
                    "baiterek",
                    None,
                    ADDRESS,
                ),
                task(
                    2,
                    "International centre for artificial intelligence",
                    "min-ai-digital",
                    Some("human-capital"),
                    ADDRESS_2025,
                ),
                task(
                    0,
                    "Grants for commercialising research results",
                    "min-science-higher-education",
                    Some("human-capital"),
                    NDP,
                ),
                task(
                    4,
                    "Innovation clusters law adopted",
                    "min-ai-digital",
                    None,
                    NDP,
                ),
            ],
        ),
        (
            BOARDS[9].0,
            BOARDS[9].1,
            vec![
                task(
                    2,
                    "Mangistau region: desalination plant in Kendirli",
                    "akimat-mangystau",
                    Some("mangystau"),
                    ADDRESS,
                ),
                task(
                    1,
                    "Mangistau region: Aktau water supply and new districts",
                    "akimat-mangystau",
                    Some("mangystau"),
                    ADDRESS,
                ),
                task(
                    2,
                    "Auyl – El Besigi: modernisation of villages",
                    "min-national-economy",
                    None,
                    NDP,
                ),
                task(
                    0,
                    "Single-industry towns: diversification plans",
                    "min-national-economy",
                    None,
                    NDP,
                ),
                task(
                    3,
                    "Abai, Zhetysu and Ulytau: regional centre infrastructure",
                    "akimat-ulytau",
                    None,
                    NDP,
                ),
            ],
        ),
    ]
}

/// One day, in milliseconds.
/// How far back the demo history starts, in days.
const DEMO_DAYS: i64 = 90;

/// Creates the ten teams' boards, with their people, if the database holds no board yet; with
/// `demo`, as a quarter of history (see `demo_history`).
pub async fn seed_if_empty(store: &Store, demo: bool) -> Result<()> {
    if !store.board_ids().await?.is_empty() {
        return Ok(());
    }
    let author = Author::system(SEED_AUTHOR);
    let now = now_millis();
    let today = office_date(now);
    let mut turn = 0;
    for (order, ((name, team, tasks), people)) in teams().into_iter().zip(PEOPLE).enumerate() {
        let mut board = Board::new(BoardId::random(), name, team);
        store.create_board(&board, order as i64).await?;
        let mut team_ids = Vec::new();
        for (i, (login, display_name)) in people.into_iter().enumerate() {
            let id = UserId::random();
            let person = NewUser {
                id,
                login,
                display_name,
                password_hash: password::NONE,
                is_admin: false,
                must_change_password: true,
            };
            store.create_user(&person, now).await?;
            let role = if i == 0 { Role::Lead } else { Role::Member };
            store.set_role(id, board.id, Some(role)).await?;
            team_ids.push(id);
        }
        let ops = board_ops(&tasks, &team_ids, today, order, &mut turn);
        let timeline = if demo {
            demo_history(ops, today, order)
        } else {
            ops.into_iter().map(|op| (0, op)).collect()
        };
        let mut events = Vec::with_capacity(timeline.len());
        for day in timeline.chunk_by(|a, b| a.0 == b.0) {
            let at = now + day[0].0 * DAY_MS;
            let batch = day.iter().map(|(_, op)| Submission {
                id: ClientOpId::random(),
                op,
                author: &author,
            });
            let seq = events.len() as u64;
            for verdict in authority::decide(&mut board, seq, |_| None, batch, at) {
                match verdict {
                    Verdict::Commit(event) => events.push(event),
                    refused => {
                        return Err(anyhow::anyhow!("seed op not committed: {refused:?}").into());
                    }
                }
            }
        }
        store
            .begin_commit(board.id)
            .await?
            .finish(&board, &events, &[])
            .await?;
    }
    tracing::info!("created the ten teams' boards and their people");
    Ok(())
}

/// The board's stages (only leads take a task into Done), its tasks and their delivery fields.
/// `turn` counts tasks across boards, so the office as a whole has a bit of everything.
fn board_ops(
    tasks: &[Task],
    people: &[UserId],
    today: NaiveDate,
    board_index: usize,
    turn: &mut usize,
) -> Vec<Op> {
    let columns: Vec<ColumnId> = STAGES.iter().map(|_| ColumnId::random()).collect();
    let mut ops: Vec<Op> = STAGES
        .iter()
        .zip(OrderKey::sequence(None, STAGES.len()))
        .zip(&columns)
        .map(|((name, position), column)| Op::AddColumn {
            column: *column,
            name: (*name).into(),
            position,
        })
        .collect();
    let done = *columns.last().expect("stages");
    ops.push(Op::SetStageGate {
        column: done,
        gate: Some(Role::Lead),
    });
    ops.push(Op::PutLabel {
        label: LabelId::random(),
        name: "Legislation".into(),
        color: LabelColor::Purple,
    });
    // The energy team works to a hard limit of three tasks in progress.
    if board_index == 3 {
        ops.push(Op::SetWipLimit {
            column: columns[2],
            limit: Some(3),
        });
        ops.push(Op::SetBoardSettings {
            settings: BoardSettings {
                hard_limits: true,
                ..BoardSettings::default()
            },
        });
    }
    let mut last_in_stage: Vec<Option<OrderKey>> = vec![None; STAGES.len()];
    for (i, t) in tasks.iter().enumerate() {
        let n = *turn;
        *turn += 1;
        let card = CardId::random();
        let position = OrderKey::between(last_in_stage[t.stage].as_ref(), None);
        last_in_stage[t.stage] = Some(position.clone());
        ops.push(Op::CreateCard {
            card,
            column: columns[t.stage],
            position,
            title: t.title.into(),
            description: String::new(),
        });
        let (y, m, d) = t.source.date;
        ops.push(Op::SetSource {
            card,
            source: Some(Source {
                kind: t.source.kind,
                number: t.source.number.into(),
                date: NaiveDate::from_ymd_opt(y, m, d),
                paragraph: format!("{}.{}", 2 + board_index % 5, i + 1),
            }),
        });
        ops.push(Op::SetAgency {
            card,
            agency: Some(t.agency.into()),
        });
        if let Some(project) = t.project {
            ops.push(Op::SetProject {
                card,
                project: Some(project.into()),
            });
        }
        let days = DEADLINE_DAYS[n % DEADLINE_DAYS.len()];
        let due = |days: i64| {
            if days >= 0 {
                today.checked_add_days(Days::new(days as u64))
            } else {
                today.checked_sub_days(Days::new(days.unsigned_abs()))
            }
            .unwrap_or(today)
        };
        let extended = n % 4 == 1;
        ops.push(Op::SetDeadline {
            card,
            due: due(if extended { days - 45 } else { days }),
            reason: String::new(),
        });
        if extended {
            ops.push(Op::SetDeadline {
                card,
                due: due(days),
                reason: EXTENSION_REASONS[n % EXTENSION_REASONS.len()].into(),
            });
        }
        let (rag, reason) = JUDGEMENTS[n % JUDGEMENTS.len()];
        ops.push(Op::JudgeDelivery {
            card,
            rag,
            reason: reason.into(),
        });
        if rag == Rag::Red || n.is_multiple_of(6) {
            ops.push(Op::SetSpecialControl { card, on: true });
        }
        ops.push(Op::SetAssignees {
            card,
            assignees: vec![people[1 + n % 2]],
        });
        if n % 5 == 2 {
            ops.push(Op::AskDecision {
                card,
                question: Some(DECISIONS[n % DECISIONS.len()].into()),
            });
        }
        if n.is_multiple_of(3) {
            for (k, text) in MILESTONES.iter().enumerate() {
                let item = ItemId::random();
                ops.push(Op::AddChecklistItem {
                    card,
                    item,
                    text: (*text).into(),
                    due: None,
                });
                if k == 0 {
                    ops.push(Op::TickChecklistItem {
                        card,
                        item,
                        done: true,
                    });
                }
            }
        }
        if n % 4 == 2 {
            ops.push(Op::AddComment {
                card,
                comment: ItemId::random(),
                text: COMMENTS[n % COMMENTS.len()].into(),
            });
        }
    }
    ops
}

/// Work a team finished during the demo quarter (made up, the same on every board).
const FINISHED_WORK: [&str; 12] = [
    "Road map agreed with the ministries",
    "Working group formed by order",
    "Monitoring data collected from the akimats",
    "Budget request submitted",
    "Site inspection held",
    "Interdepartmental meeting on financing",
    "Public hearing held",
    "Draft decree sent for approval",
    "Risk register updated",
    "Tender documentation prepared",
    "Feasibility study reviewed",
    "Report to the Project Office sent",
];

/// The same board as a quarter of made-up history, as (day, operation) with day 0 today and
/// earlier days negative, in order: stages and labels 90 days ago; each task created in the
/// first stage in the first month, its fields set the day after, moved a stage at a time towards
/// where it stands now, judged and put under control later, extended three weeks ago; the
/// finished work of the quarter (`finished_work`); the hard limit set yesterday; and today a
/// first card saying the history is made up.
fn demo_history(ops: Vec<Op>, today: NaiveDate, board_index: usize) -> Vec<(i64, Op)> {
    let columns: Vec<ColumnId> = ops
        .iter()
        .filter_map(|op| match op {
            Op::AddColumn { column, .. } => Some(*column),
            _ => None,
        })
        .collect();
    let mut born: std::collections::HashMap<CardId, i64> = Default::default();
    let mut out = Vec::new();
    let mut k = 0;
    for op in ops {
        let day = match &op {
            Op::CreateCard {
                card,
                column,
                title,
                description,
                ..
            } => {
                let first = -DEMO_DAYS + (k * 4) % 30;
                k += 1;
                born.insert(*card, first);
                let stage = columns.iter().position(|c| c == column).unwrap_or(0);
                out.push((
                    first,
                    Op::CreateCard {
                        card: *card,
                        column: columns[0],
                        position: OrderKey::first(),
                        title: title.clone(),
                        description: description.clone(),
                    },
                ));
                let step = ((-first - 5) / stage.max(1) as i64).min(14);
                for (s, column) in columns.iter().enumerate().take(stage + 1).skip(1) {
                    out.push((
                        first + step * s as i64,
                        Op::MoveCard {
                            card: *card,
                            column: *column,
                            position: OrderKey::first(),
                        },
                    ));
                }
                continue;
            }
            Op::SetBoardSettings { .. } => -1,
            Op::SetDeadline { reason, .. } if !reason.is_empty() => -21,
            Op::JudgeDelivery { card, .. } => born.get(card).map_or(-1, |d| d + 20),
            Op::SetSpecialControl { card, .. } => born.get(card).map_or(-1, |d| d + 25),
            Op::AddComment { card, .. } => born.get(card).map_or(-1, |d| d + 10),
            op => match op.target() {
                Target::Card(card) => born.get(&card).map_or(-1, |d| d + 1),
                _ => -DEMO_DAYS,
            },
        };
        out.push((day, op));
    }
    out.extend(finished_work(&columns, today, board_index));
    if let Some(first) = columns.first() {
        out.push((
            0,
            Op::CreateCard {
                card: CardId::random(),
                column: *first,
                position: OrderKey::first(),
                title: "Demo data: this board's history was made up to show Qadam's views".into(),
                description: "Started with --demo. Start without it for an office of your own."
                    .into(),
            },
        ));
    }
    out.sort_by_key(|(day, _)| *day);
    out
}

/// The quarter's finished work, so the metrics have something to show: tasks created through
/// the quarter, each taking its own time in each stage, done on time, after an extension or late
/// (a quarter each, roughly), and archived a week after they were done unless that is recent.
fn finished_work(columns: &[ColumnId], today: NaiveDate, board_index: usize) -> Vec<(i64, Op)> {
    let mut out = Vec::new();
    let date = |day: i64| {
        today
            .checked_add_signed(chrono::Duration::days(day))
            .unwrap_or(today)
    };
    for (j, title) in FINISHED_WORK.iter().enumerate() {
        let card = CardId::random();
        let created = -DEMO_DAYS + 2 + 5 * j as i64;
        out.push((
            created,
            Op::CreateCard {
                card,
                column: columns[0],
                position: OrderKey::first(),
                title: (*title).into(),
                description: String::new(),
            },
        ));
        let mut day = created;
        for (s, column) in columns.iter().enumerate().skip(1) {
            day += 1 + ((j * 7 + board_index * 3 + s * 5) % 6) as i64;
            out.push((
                day,
                Op::MoveCard {
                    card,
                    column: *column,
                    position: OrderKey::first(),
                },
            ));
        }
        // The last is done nine days ago at the latest, before the hard limits are set.
        let done = day;
        let (first_due, extended) = match (j + board_index) % 4 {
            0 => (done - 3, None),
            1 => (done - 5, Some(done + 2)),
            _ => (done + 4, None),
        };
        out.push((
            created,
            Op::SetDeadline {
                card,
                due: date(first_due),
                reason: String::new(),
            },
        ));
        if let Some(later) = extended {
            out.push((
                (done - 8).max(created + 1),
                Op::SetDeadline {
                    card,
                    due: date(later),
                    reason: "Waiting for the ministry's approval of the financing.".into(),
                },
            ));
        }
        if done + 7 < 0 {
            out.push((done + 7, Op::ArchiveCard { card }));
        }
    }
    out
}
