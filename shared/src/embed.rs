//! What an embed link shows of a board, and the messages that keep an intranet page showing it.
//!
//! An embed is read by anyone holding its link, so it carries only what its page shows: the
//! board's name, the stages it was made for (names and order) and the titles of their open
//! cards. The page reads that over HTTP (`EmbedSnapshot`) and follows the embed's socket, which
//! says only what changed of it: a card's new face, or that the page should read it again.

use crate::delivery::Stamp;
use crate::ids::{CardId, ColumnId};
use crate::model::{Board, Card, Column, EmbedLink};
use crate::ops::{Op, Rejection, Target, apply_committed};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// From the server to an embedded board's page. Its `Error` and `Pong` are the board socket's
/// (`ServerMsg`): the same frames, read the same way. The page sends only `ClientMsg::Ping`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EmbedMsg {
    /// Read what the embed shows (again) over HTTP: the socket listens from `seq` on, or what
    /// changed up to `seq` is more than cards tell (the stages, or many cards at once).
    Reread { seq: u64 },
    /// How these cards look from the change at `seq` on.
    Cards { seq: u64, cards: Vec<ShownCard> },
    /// Why the socket ends, e.g. `embed_gone` when the link is revoked or expires.
    Error { code: String, message: String },
    /// The answer to the page's `ClientMsg::Ping`: the link is alive.
    Pong,
}

/// A card as an embed shows it: its face, or `None` once the embed no longer shows it
/// (archived, or moved to a stage the embed leaves out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShownCard {
    pub id: CardId,
    pub face: Option<Card>,
}

/// What `embed` shows of `board`: its name, the stages and their cards' faces.
pub fn shown(board: &Board, embed: &EmbedLink) -> Board {
    let mut shown = Board::new(board.id, board.name.clone(), String::new());
    shown.columns = stages(board, embed);
    shown.cards = board
        .cards
        .keys()
        .filter_map(|id| Some((*id, face(board, embed, *id)?)))
        .collect();
    shown
}

/// The stages `embed` shows: their names and order, not their limits or gates.
pub fn stages(board: &Board, embed: &EmbedLink) -> BTreeMap<ColumnId, Column> {
    board
        .columns
        .values()
        .filter(|c| shows_stage(embed, c.id))
        .map(|c| (c.id, stage_of(c)))
        .collect()
}

/// The card as `embed` shows it: its title where it stands, if open in a stage the embed shows.
/// No description, delivery fields (reasons, decisions asked, people), labels, checklist,
/// comments or links: the page shows none of them.
pub fn face(board: &Board, embed: &EmbedLink, card: CardId) -> Option<Card> {
    let card = board.cards.get(&card)?;
    if card.archived
        || !board.columns.contains_key(&card.column)
        || !shows_stage(embed, card.column)
    {
        return None;
    }
    Some(face_of(card))
}

/// The board cut down to what an embed of it can come to show: every stage (without its limit
/// or gate), every card (archived ones too, which may be restored) with its title and place,
/// nothing else. An embed's view follows the board on this (`follow`) rather than on a copy of
/// the whole board: on the 5,000-card board, about a tenth of the memory.
pub fn outline(board: &Board) -> Board {
    let mut outline = Board::new(board.id, board.name.clone(), String::new());
    outline.columns = board
        .columns
        .iter()
        .map(|(id, c)| (*id, stage_of(c)))
        .collect();
    outline.cards = board
        .cards
        .iter()
        .map(|(id, c)| (*id, face_of(c)))
        .collect();
    outline
}

/// Applies a change the board took to its `outline`, if the change alters what an outline
/// holds; the others are not applied (they read what it leaves out, and change nothing it holds).
/// The rules never refuse on an outline what they took on the board: without limits, gates or
/// text, it only has fewer reasons to refuse.
pub fn follow(outline: &mut Board, op: &Op, stamp: &Stamp) -> Result<(), Rejection> {
    if !alters_outline(op) {
        return Ok(());
    }
    apply_committed(outline, op, stamp)?;
    if let Target::Card(id) = op.target()
        && let Some(card) = outline.cards.get_mut(&id)
    {
        *card = face_of(card);
    }
    Ok(())
}

/// Whether `op` can change a card's title, stage, place or being open, or the stages' names and
/// order.
fn alters_outline(op: &Op) -> bool {
    match op {
        Op::CreateCard { .. }
        | Op::EditCard { .. }
        | Op::MoveCard { .. }
        | Op::ArchiveCard { .. }
        | Op::DeleteCard { .. }
        | Op::RestoreCard { .. }
        | Op::AddColumn { .. }
        | Op::RenameColumn { .. }
        | Op::MoveColumn { .. }
        | Op::DeleteColumn { .. } => true,
        Op::SetWipLimit { .. }
        | Op::SetStageGate { .. }
        | Op::SetBoardSettings { .. }
        | Op::SetAgency { .. }
        | Op::SetAssignees { .. }
        | Op::SetDeadline { .. }
        | Op::SetSpecialControl { .. }
        | Op::JudgeDelivery { .. }
        | Op::SetSource { .. }
        | Op::SetProject { .. }
        | Op::AskDecision { .. }
        | Op::PutLabel { .. }
        | Op::DeleteLabel { .. }
        | Op::SetCardLabels { .. }
        | Op::AddChecklistItem { .. }
        | Op::EditChecklistItem { .. }
        | Op::TickChecklistItem { .. }
        | Op::RemoveChecklistItem { .. }
        | Op::AddComment { .. }
        | Op::EditComment { .. }
        | Op::DeleteComment { .. }
        | Op::AddLink { .. }
        | Op::RemoveLink { .. } => false,
    }
}

/// A stage's name and place.
fn stage_of(column: &Column) -> Column {
    Column {
        wip_limit: None,
        gate: None,
        ..column.clone()
    }
}

/// A card's title and place, and whether it is open.
fn face_of(card: &Card) -> Card {
    Card {
        id: card.id,
        column: card.column,
        position: card.position.clone(),
        title: card.title.clone(),
        description: String::new(),
        archived: card.archived,
        delivery: Default::default(),
        parts: Default::default(),
    }
}

fn shows_stage(embed: &EmbedLink, column: ColumnId) -> bool {
    embed.columns.as_ref().is_none_or(|c| c.contains(&column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::BoardId;
    use crate::ops::apply;
    use crate::order::OrderKey;
    use crate::protocol::ServerMsg;

    fn run(board: &mut Board, op: Op) {
        apply(board, &op, &Default::default()).unwrap();
    }

    #[test]
    fn an_embed_shows_titles_in_its_stages_and_nothing_else() {
        let mut board = Board::new(BoardId::random(), "Energy", "Energy team");
        let columns: Vec<ColumnId> = (0..3).map(|_| ColumnId::random()).collect();
        let keys = OrderKey::sequence(None, 3);
        for ((column, position), name) in columns.iter().zip(keys).zip(["To do", "Doing", "Done"]) {
            let name = name.to_owned();
            run(
                &mut board,
                Op::AddColumn {
                    column: *column,
                    name,
                    position,
                },
            );
            let limit = Some(5);
            run(
                &mut board,
                Op::SetWipLimit {
                    column: *column,
                    limit,
                },
            );
        }
        let card = CardId::random();
        let position = board.card_key_at(columns[0], card, 0);
        let (title, description) = ("Grid".to_owned(), "internal".to_owned());
        let column = columns[0];
        run(
            &mut board,
            Op::CreateCard {
                card,
                column,
                position,
                title,
                description,
            },
        );
        let question = Some("budget?".to_owned());
        run(&mut board, Op::AskDecision { card, question });
        let mut embed = EmbedLink::new(board.id, "Intranet".into(), 0);
        embed.columns = Some(columns[..2].to_vec());

        let shown = shown(&board, &embed);
        let stages: Vec<ColumnId> = shown.ordered_columns().iter().map(|c| c.id).collect();
        assert_eq!(stages, columns[..2]);
        assert!(shown.columns.values().all(|c| c.wip_limit.is_none()));
        let face = &shown.cards[&card];
        assert_eq!(face.title, "Grid");
        assert_eq!(
            (face.description.as_str(), face.delivery.is_empty()),
            ("", true)
        );

        let (column, position) = (columns[2], board.card_key_at(columns[2], card, 0));
        run(
            &mut board,
            Op::MoveCard {
                card,
                column,
                position,
            },
        );
        assert_eq!(super::face(&board, &embed, card), None, "moved out of view");
        let (column, position) = (columns[1], board.card_key_at(columns[1], card, 0));
        run(
            &mut board,
            Op::MoveCard {
                card,
                column,
                position,
            },
        );
        assert_eq!(
            super::face(&board, &embed, card).unwrap().column,
            columns[1]
        );
        run(&mut board, Op::ArchiveCard { card });
        assert_eq!(super::face(&board, &embed, card), None, "archived");
    }

    #[test]
    fn the_board_sockets_error_and_pong_read_as_an_embeds() {
        let pong = serde_json::to_string(&ServerMsg::Pong).unwrap();
        assert_eq!(
            serde_json::from_str::<EmbedMsg>(&pong).unwrap(),
            EmbedMsg::Pong
        );
        let error = ServerMsg::Error {
            code: "embed_gone".into(),
            message: "revoked".into(),
        };
        let read: EmbedMsg = serde_json::from_str(&serde_json::to_string(&error).unwrap()).unwrap();
        assert_eq!(
            read,
            EmbedMsg::Error {
                code: "embed_gone".into(),
                message: "revoked".into()
            }
        );
    }
}
