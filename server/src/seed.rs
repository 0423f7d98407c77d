//! The ten interdepartmental teams' boards, created on an empty database, with tasks of the kind
//! the Project Office keeps under control. Seeding goes through the same rules and log as any
//! change, so the boards' history starts with their creation.

use crate::clock::now_millis;
use crate::error::Result;
use crate::storage::Store;
use qadam_shared::authority::{self, Author, Submission, Verdict};
use qadam_shared::seeded::{BOARDS, STAGES};
use qadam_shared::{Board, BoardId, CardId, ClientOpId, ColumnId, Op, OrderKey};

/// Author recorded for the seeded history.
const SEED_AUTHOR: &str = "Project Office";

struct Task {
    title: &'static str,
    description: &'static str,
    stage: usize,
}

const fn task(stage: usize, title: &'static str, description: &'static str) -> Task {
    Task {
        title,
        description,
        stage,
    }
}

const ADDRESS: &str = "Source: Address of the Head of State to the people of Kazakhstan.";
const NDP: &str = "Source: National Development Plan of the Republic of Kazakhstan.";

fn teams() -> Vec<(&'static str, &'static str, Vec<Task>)> {
    vec![
        (
            BOARDS[0].0,
            BOARDS[0].1,
            vec![
                task(
                    2,
                    "Trans-Caspian route: raise throughput of Aktau and Kuryk ports",
                    NDP,
                ),
                task(3, "Dostyk – Moyynty second track: put into operation", NDP),
                task(
                    1,
                    "Digital freight corridor: single window for transit cargo",
                    ADDRESS,
                ),
                task(0, "Renew the intercity bus fleet in the regions", NDP),
                task(2, "Bakhty – Ayagoz railway line: construction", NDP),
            ],
        ),
        (
            BOARDS[1].0,
            BOARDS[1].1,
            vec![
                task(2, "Multidisciplinary hospitals in the regions", NDP),
                task(
                    1,
                    "Primary care in rural settlements: medical and obstetric points",
                    ADDRESS,
                ),
                task(0, "Unified national health information system", NDP),
                task(
                    3,
                    "Guaranteed free medical care package: audit of drug provision",
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
                    ADDRESS,
                ),
                task(4, "Teacher certification: new rules adopted", NDP),
                task(
                    1,
                    "Human capital: free vocational training for young people",
                    ADDRESS,
                ),
                task(
                    0,
                    "Reading and enlightenment programme for regional libraries",
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
                    ADDRESS,
                ),
                task(
                    0,
                    "Second and third nuclear power stations: siting study",
                    ADDRESS,
                ),
                task(1, "Ekibastuz GRES-3: first power unit", NDP),
                task(
                    2,
                    "Modernise heat and power plants in Kokshetau, Semey and Oskemen",
                    NDP,
                ),
                task(3, "Tariff in exchange for investment: results review", NDP),
            ],
        ),
        (
            BOARDS[4].0,
            BOARDS[4].1,
            vec![
                task(
                    1,
                    "New reservoirs and reconstruction of existing ones",
                    ADDRESS,
                ),
                task(2, "Digital water metering on irrigation canals", NDP),
                task(4, "New Water Code adopted", ADDRESS),
                task(0, "Syr Darya transboundary water-sharing agreement", NDP),
            ],
        ),
        (
            BOARDS[5].0,
            BOARDS[5].1,
            vec![
                task(
                    2,
                    "Gas chemical complex in Atyrau region: polyethylene",
                    NDP,
                ),
                task(1, "Automotive components localisation in Kostanay", NDP),
                task(0, "Copper smelter in Abai region", NDP),
                task(3, "Industrial policy law: secondary legislation", NDP),
            ],
        ),
        (
            BOARDS[6].0,
            BOARDS[6].1,
            vec![
                task(2, "Housing commissioning plan for the year", NDP),
                task(1, "Modernisation of housing and communal networks", ADDRESS),
                task(0, "Seismic safety survey of buildings in Almaty", ADDRESS),
                task(
                    3,
                    "Digital building permits under the Construction Code",
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
                    ADDRESS,
                ),
                task(
                    2,
                    "Fiscal sustainability platform: single tax and budget data",
                    ADDRESS,
                ),
                task(1, "National AI platform and supercomputer cluster", ADDRESS),
                task(3, "Broadband for rural settlements", NDP),
                task(0, "Government cloud data centre certification", NDP),
            ],
        ),
        (
            BOARDS[8].0,
            BOARDS[8].1,
            vec![
                task(1, "Venture fund of funds for technology startups", ADDRESS),
                task(
                    2,
                    "International centre for artificial intelligence",
                    ADDRESS,
                ),
                task(0, "Grants for commercialising research results", NDP),
                task(4, "Innovation clusters law adopted", NDP),
            ],
        ),
        (
            BOARDS[9].0,
            BOARDS[9].1,
            vec![
                task(
                    2,
                    "Mangistau region: desalination plant in Kendirli",
                    ADDRESS,
                ),
                task(
                    1,
                    "Mangistau region: Aktau water supply and new districts",
                    ADDRESS,
                ),
                task(2, "Auyl – El Besigi: modernisation of villages", NDP),
                task(0, "Single-industry towns: diversification plans", NDP),
                task(
                    3,
                    "Abai, Zhetysu and Ulytau: regional centre infrastructure",
                    NDP,
                ),
            ],
        ),
    ]
}

/// Creates the ten teams' boards if the database holds no board yet.
pub async fn seed_if_empty(store: &Store) -> Result<()> {
    if !store.board_ids().await?.is_empty() {
        return Ok(());
    }
    let author = Author::system(SEED_AUTHOR);
    for (order, (name, team, tasks)) in teams().into_iter().enumerate() {
        let mut board = Board::new(BoardId::random(), name, team);
        store.create_board(&board, order as i64).await?;
        let ops = board_ops(&tasks);
        let batch = ops.iter().map(|op| Submission {
            id: ClientOpId::random(),
            op,
            author: &author,
        });
        let mut events = Vec::with_capacity(ops.len());
        for verdict in authority::decide(&mut board, 0, |_| None, batch, now_millis()) {
            match verdict {
                Verdict::Commit(event) => events.push(event),
                refused => return Err(anyhow::anyhow!("seed op not committed: {refused:?}").into()),
            }
        }
        store
            .begin_commit(board.id)
            .await?
            .finish(&board, &events)
            .await?;
    }
    tracing::info!("created the ten teams' boards");
    Ok(())
}

fn board_ops(tasks: &[Task]) -> Vec<Op> {
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
    let mut last_in_stage: Vec<Option<OrderKey>> = vec![None; STAGES.len()];
    for t in tasks {
        let position = OrderKey::between(last_in_stage[t.stage].as_ref(), None);
        last_in_stage[t.stage] = Some(position.clone());
        ops.push(Op::CreateCard {
            card: CardId::random(),
            column: columns[t.stage],
            position,
            title: t.title.into(),
            description: t.description.into(),
        });
    }
    ops
}
