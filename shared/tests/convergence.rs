//! Simulated clients issue random concurrent operations to a simulated server; messages are
//! delivered late, in random interleavings, or lost when a connection drops; clients reconnect and
//! catch up. However it goes, every client ends with the server's board, every card created and not
//! refused is there exactly once, and every column has a strict order.

use proptest::prelude::*;
use qadam_shared::authority::{self, Author, Submission, Verdict};
use qadam_shared::client::{Followup, Notice};
use qadam_shared::embed;
use qadam_shared::ops::apply;
use qadam_shared::order::KEY_MAX_BYTES;
use qadam_shared::{
    Board, BoardId, CardId, ClientMsg, ClientOpId, ClientSync, ColumnId, Committed, EmbedLink, Op,
    OrderKey, ServerMsg,
};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// The authoritative side: the real server's decision (`authority::decide`) over an in-memory
/// log instead of a database.
struct Server {
    board: Board,
    log: Vec<Committed>,
    committed: HashMap<ClientOpId, u64>,
}

impl Server {
    fn handle(&mut self, msg: ClientMsg) -> (ServerMsg, Option<Committed>) {
        let ClientMsg::Submit { id, op } = msg else {
            unreachable!("the simulation sends only submissions")
        };
        let author = Author::system("sim");
        let submission = Submission {
            id,
            op: &op,
            author: &author,
        };
        let seq = self.log.len() as u64;
        let committed = |id| self.committed.get(&id).copied();
        let verdict = authority::decide(&mut self.board, seq, committed, [submission], 0)
            .pop()
            .expect("one verdict per submission");
        match verdict {
            Verdict::Commit(c) => {
                self.committed.insert(id, c.seq);
                self.log.push(c.clone());
                (ServerMsg::Committed(c.clone()), Some(c))
            }
            Verdict::Duplicate(seq) => (ServerMsg::Ack { id, seq }, None),
            Verdict::Rejected(rejection) => (ServerMsg::Rejected { id, rejection }, None),
        }
    }

    /// What a client at `since` receives on connecting.
    fn catch_up(&self, since: u64) -> Vec<ServerMsg> {
        let mut msgs: Vec<ServerMsg> = self.log[since as usize..]
            .iter()
            .cloned()
            .map(ServerMsg::Committed)
            .collect();
        msgs.push(ServerMsg::Live {
            seq: self.log.len() as u64,
        });
        msgs
    }
}

struct Client {
    sync: ClientSync,
    online: bool,
    to_server: VecDeque<ClientMsg>,
    from_server: VecDeque<ServerMsg>,
    created: BTreeSet<CardId>,
    refused: BTreeSet<CardId>,
}

#[derive(Clone, Debug)]
enum Action {
    /// Client makes a random change; the numbers pick its target.
    Edit {
        client: usize,
        kind: u8,
        a: usize,
        b: usize,
        c: usize,
    },
    /// One message from the client reaches the server.
    Send { client: usize },
    /// One message from the server reaches the client.
    Deliver { client: usize },
    /// The connection drops; what was in flight is lost.
    Drop { client: usize },
    /// The client reconnects, catches up and resends what is pending.
    Reconnect { client: usize },
}

fn action(clients: usize) -> impl Strategy<Value = Action> {
    let c = 0..clients;
    prop_oneof![
        4 => (c.clone(), 0u8..16, any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(client, kind, a, b, c)| Action::Edit { client, kind, a, b, c }),
        4 => c.clone().prop_map(|client| Action::Send { client }),
        4 => c.clone().prop_map(|client| Action::Deliver { client }),
        1 => c.clone().prop_map(|client| Action::Drop { client }),
        1 => c.prop_map(|client| Action::Reconnect { client }),
    ]
}

fn initial_board() -> Board {
    let mut board = Board::new(BoardId::random(), "Water", "Water resources");
    let keys = OrderKey::sequence(None, 3);
    for (i, key) in keys.into_iter().enumerate() {
        apply(
            &mut board,
            &Op::AddColumn {
                column: ColumnId::random(),
                name: format!("Stage {i}"),
                position: key,
            },
            &stamp(),
        )
        .unwrap();
    }
    let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
    for i in 0..6 {
        let card = CardId::random();
        let column = columns[i % 3];
        let position = board.card_key_at(column, card, usize::MAX);
        apply(
            &mut board,
            &Op::CreateCard {
                card,
                column,
                position,
                title: format!("Task {i}"),
                description: String::new(),
            },
            &stamp(),
        )
        .unwrap();
    }
    board
}

/// A random operation a person could make from what `view` shows.
fn random_op(view: &Board, kind: u8, a: usize, b: usize, c: usize) -> Option<Op> {
    let columns: Vec<ColumnId> = view.ordered_columns().iter().map(|c| c.id).collect();
    let open: Vec<CardId> = view
        .cards
        .values()
        .filter(|c| !c.archived)
        .map(|c| c.id)
        .collect();
    let pick_col = |n: usize| columns.get(n % columns.len().max(1)).copied();
    let pick_card = |n: usize| open.get(n % open.len().max(1)).copied();
    Some(match kind {
        0..=3 => {
            let card = pick_card(a)?;
            let column = pick_col(b)?;
            Op::MoveCard {
                card,
                column,
                position: view.card_key_at(column, card, c % 8),
            }
        }
        4 | 5 => {
            let card = CardId::random();
            let column = pick_col(a)?;
            Op::CreateCard {
                card,
                column,
                position: view.card_key_at(column, card, b % 8),
                title: format!("New {c}"),
                description: String::new(),
            }
        }
        6 => Op::EditCard {
            card: pick_card(a)?,
            title: Some(format!("Edited {b}")),
            description: None,
        },
        7 => Op::ArchiveCard {
            card: pick_card(a)?,
        },
        8 => {
            let column = ColumnId::random();
            Op::AddColumn {
                column,
                name: format!("Col {b}"),
                position: view.column_key_at(column, a % 5),
            }
        }
        10 | 11 => {
            // A hand-made position, as a client could send: near the length limit with a long
            // shared prefix, zero digits, or the very key another card holds.
            let card = pick_card(a)?;
            let column = pick_col(b)?;
            let taken = view.cards_in(column).get(c % 4).map(|c| c.position.clone());
            Op::MoveCard {
                card,
                column,
                position: match (c % 3, taken) {
                    (0, Some(key)) => key,
                    _ => adversarial_key(c),
                },
            }
        }
        12 | 13 => Op::SetAgency {
            card: pick_card(a)?,
            agency: ["min-health", "min-energy", "akimat-astana"]
                .get(b % 4)
                .map(|code| code.to_string()),
        },
        14 => Op::SetProject {
            card: pick_card(a)?,
            project: ["mangystau", "human-capital"]
                .get(b % 3)
                .map(|code| code.to_string()),
        },
        15 => Op::JudgeDelivery {
            card: pick_card(a)?,
            rag: qadam_shared::Rag::ALL[b % 4],
            reason: format!("reason {c}"),
        },
        _ => {
            let column = pick_col(a)?;
            if b.is_multiple_of(2) {
                Op::DeleteColumn { column }
            } else {
                Op::MoveColumn {
                    column,
                    position: view.column_key_at(column, c % 5),
                }
            }
        }
    })
}

/// A valid wire key of an attacker's choosing: long runs of `ff` or `00` up to the length limit.
fn adversarial_key(n: usize) -> OrderKey {
    let run = ["ff", "00", "7f", "80"][n % 4];
    let len = KEY_MAX_BYTES - 1 - (n / 4) % 3;
    let last = ["", "01", "fe"][(n / 12) % 3];
    let mut hex = run.repeat(len - last.len() / 2);
    hex.push_str(last);
    hex.push_str("80");
    OrderKey::parse(&hex).expect("a valid key")
}

fn connect(server: &Server, client: &mut Client) {
    client.online = true;
    client.to_server.clear();
    client.from_server = server.catch_up(client.sync.seq()).into();
    client.to_server.extend(client.sync.resend());
}

fn deliver(server: &Server, client: &mut Client) {
    let Some(msg) = client.from_server.pop_front() else {
        return;
    };
    let (followup, notices) = client.sync.receive(msg);
    for n in notices {
        if let Notice::Rejected {
            op: Op::CreateCard { card, .. },
            ..
        } = n
        {
            client.refused.insert(card);
        }
    }
    if followup == Followup::Resync {
        connect(server, client);
    }
}

fn send(server: &mut Server, clients: &mut [Client], from: usize) {
    let Some(msg) = clients[from].to_server.pop_front() else {
        return;
    };
    let (reply, broadcast) = server.handle(msg);
    match broadcast {
        Some(c) => {
            for client in clients.iter_mut().filter(|c| c.online) {
                client
                    .from_server
                    .push_back(ServerMsg::Committed(c.clone()));
            }
        }
        None => clients[from].from_server.push_back(reply),
    }
}

fn run(n_clients: usize, actions: Vec<Action>) -> Result<(), TestCaseError> {
    let start = initial_board();
    let mut server = Server {
        board: start.clone(),
        log: Vec::new(),
        committed: HashMap::new(),
    };
    let mut clients: Vec<Client> = (0..n_clients)
        .map(|_| Client {
            sync: ClientSync::new(start.clone(), 0),
            online: true,
            to_server: VecDeque::new(),
            from_server: VecDeque::new(),
            created: BTreeSet::new(),
            refused: BTreeSet::new(),
        })
        .collect();

    for action in actions {
        match action {
            Action::Edit {
                client,
                kind,
                a,
                b,
                c,
            } => {
                let cl = &mut clients[client];
                if let Some(op) = random_op(cl.sync.view(), kind, a, b, c)
                    && let Ok(msg) = cl.sync.submit(op.clone(), stamp())
                {
                    if let Op::CreateCard { card, .. } = op {
                        cl.created.insert(card);
                    }
                    if cl.online {
                        cl.to_server.push_back(msg);
                    }
                }
            }
            Action::Send { client } => {
                if clients[client].online {
                    send(&mut server, &mut clients, client);
                }
            }
            Action::Deliver { client } => deliver(&server, &mut clients[client]),
            Action::Drop { client } => {
                let cl = &mut clients[client];
                cl.online = false;
                cl.to_server.clear();
                cl.from_server.clear();
            }
            Action::Reconnect { client } => {
                if !clients[client].online {
                    connect(&server, &mut clients[client]);
                }
            }
        }
    }

    // Everyone comes back online and the network drains.
    for client in clients.iter_mut().filter(|c| !c.online) {
        connect(&server, client);
    }
    for _round in 0..10_000 {
        let mut busy = false;
        for i in 0..n_clients {
            if !clients[i].to_server.is_empty() {
                send(&mut server, &mut clients, i);
                busy = true;
            }
            if !clients[i].from_server.is_empty() {
                deliver(&server, &mut clients[i]);
                busy = true;
            }
        }
        if !busy {
            break;
        }
    }

    let server_board = &server.board;
    for (i, client) in clients.iter_mut().enumerate() {
        prop_assert!(
            client.sync.pending().is_empty(),
            "client {i} still has pending ops"
        );
        prop_assert_eq!(client.sync.seq(), server.log.len() as u64);
        prop_assert_eq!(
            client.sync.view(),
            server_board,
            "client {} differs from the server",
            i
        );
        for card in client.created.difference(&client.refused) {
            prop_assert!(
                server_board.cards.contains_key(card),
                "card created by client {i} was lost"
            );
        }
    }
    for column in server_board.columns.keys() {
        let cards = server_board.cards_in(*column);
        prop_assert!(
            cards.windows(2).all(|w| w[0].position < w[1].position),
            "order not strict"
        );
    }
    // Whatever was committed, every reader takes back: the log, the rows, the browser.
    for event in &server.log {
        let text = serde_json::to_string(event).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Committed>(&text).unwrap(), event);
    }
    let text = serde_json::to_string(server_board).unwrap();
    prop_assert_eq!(&serde_json::from_str::<Board>(&text).unwrap(), server_board);
    // Field edits merge per field: each field of each card holds what the last committed edit
    // of that field set, whoever made the other fields' edits around it; earlier values stay in
    // the log.
    for card in server_board.cards.values() {
        let mut agency = None;
        let mut project = None;
        let mut rag = None;
        for event in &server.log {
            match &event.op {
                Op::SetAgency { card: c, agency: a } if *c == card.id => agency = a.clone(),
                Op::SetProject {
                    card: c,
                    project: p,
                } if *c == card.id => project = p.clone(),
                Op::JudgeDelivery {
                    card: c, rag: r, ..
                } if *c == card.id => rag = Some(*r),
                _ => {}
            }
        }
        let d = &card.delivery;
        prop_assert_eq!(&d.agency, &agency);
        prop_assert_eq!(&d.project, &project);
        prop_assert_eq!(d.judgement.as_ref().map(|j| j.rag), rag);
    }
    let mut all: Vec<_> = server_board.cards.keys().collect();
    all.dedup();
    prop_assert_eq!(all.len(), server_board.cards.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_client_converges_to_the_server(
        n in 2usize..5,
        actions in proptest::collection::vec(action(4), 1..200),
    ) {
        let actions = actions
            .into_iter()
            .map(|a| match a {
                Action::Edit { client, kind, a, b, c } => Action::Edit { client: client % n, kind, a, b, c },
                Action::Send { client } => Action::Send { client: client % n },
                Action::Deliver { client } => Action::Deliver { client: client % n },
                Action::Drop { client } => Action::Drop { client: client % n },
                Action::Reconnect { client } => Action::Reconnect { client: client % n },
            })
            .collect();
        run(n, actions)?;
    }
}

/// A change the board may take: any of `random_op`'s, a restore, a hard limit, a comment, a
/// stage renamed, a description.
fn any_op(board: &Board, kind: u8, a: usize, b: usize, c: usize) -> Option<Op> {
    let archived: Vec<CardId> = board
        .cards
        .values()
        .filter(|c| c.archived)
        .map(|c| c.id)
        .collect();
    let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
    let card = archived.get(a % archived.len().max(1)).copied();
    let column = columns.get(b % columns.len().max(1)).copied();
    Some(match kind {
        0..17 => return random_op(board, kind, a, b, c),
        17 => Op::RestoreCard {
            card: card?,
            column: column?,
            position: board.card_key_at(column?, card?, c % 8),
        },
        18 => Op::SetWipLimit {
            column: column?,
            limit: Some((c % 4) as u32),
        },
        19 => Op::SetBoardSettings {
            settings: qadam_shared::BoardSettings {
                hard_limits: c.is_multiple_of(2),
                ..Default::default()
            },
        },
        20 => Op::RenameColumn {
            column: column?,
            name: format!("Renamed {c}"),
        },
        21 => Op::EditCard {
            card: *board.cards.keys().nth(a % board.cards.len().max(1))?,
            title: None,
            description: Some(format!("notes {c}")),
        },
        22 => Op::DeleteCard { card: card? },
        _ => Op::AddComment {
            card: *board.cards.keys().nth(a % board.cards.len().max(1))?,
            comment: qadam_shared::ItemId::random(),
            text: format!("comment {c}"),
        },
    })
}

proptest! {
    /// An embed's view follows the board on its outline: after any run of changes the board
    /// took, the outline shows, through an embed of two stages, what the board shows.
    #[test]
    fn an_embed_outline_shows_what_the_board_shows(
        changes in proptest::collection::vec((0u8..24, any::<usize>(), any::<usize>(), any::<usize>()), 1..80),
    ) {
        let mut board = initial_board();
        let mut outline = embed::outline(&board);
        let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
        let link = EmbedLink {
            columns: Some(columns[..2].to_vec()),
            ..EmbedLink::new(board.id, "Intranet".into(), 0)
        };
        for (kind, a, b, c) in changes {
            let Some(op) = any_op(&board, kind, a, b, c) else { continue };
            let Ok(taken) = apply(&mut board, &op, &stamp()) else { continue };
            prop_assert_eq!(embed::follow(&mut outline, &taken, &stamp()), Ok(()), "{:?}", taken);
            prop_assert_eq!(embed::shown(&outline, &link), embed::shown(&board, &link));
        }
    }
}

fn stamp() -> qadam_shared::Stamp {
    qadam_shared::Stamp {
        by_id: None,
        by: "sim".into(),
        at: 1_800_000_000_000,
    }
}
