//! One stage of the board: its header, its cards (with the drop placeholder while a card is
//! lifted) and the form to add a card.

use crate::components::{add_card::AddCard, card::CardView, column_header::ColumnHeader};
use crate::contexts::board::{Permissions, Shown};
use crate::contexts::session::Session;
use crate::drag::{DragController, Mode};
use crate::sync::BoardSync;
use leptos::prelude::*;
use qadam_shared::card_parts::CardParts;
use qadam_shared::view::shown_in;
use qadam_shared::{Card, CardId, ColumnId, Delivery, Op, OrderKey};

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Card(Box<Card>),
    /// Where the lifted card would land: its title and height.
    Placeholder {
        title: String,
        height: f64,
        keyboard: bool,
    },
}

/// What a card's face shows; a change redraws the card.
type Face = (String, String, Delivery, CardParts);

impl Item {
    fn key(&self) -> (Option<CardId>, Option<Face>) {
        match self {
            Item::Card(c) => (
                Some(c.id),
                Some((
                    c.title.clone(),
                    c.description.clone(),
                    c.delivery.clone(),
                    c.parts.clone(),
                )),
            ),
            Item::Placeholder { .. } => (None, None),
        }
    }
}

/// One stage of the board, or (`lane`) its part in one swimlane: `Some(None)` is the lane of
/// cards without the field. With `header` false (the lanes after the first), the stage's name
/// and menu are left to the first lane.
#[component]
pub fn ColumnView(
    column: ColumnId,
    #[prop(optional)] lane: Option<Option<String>>,
    #[prop(default = true)] header: bool,
) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let drag = expect_context::<DragController>();
    let shown = expect_context::<Shown>();
    let permissions = expect_context::<Permissions>();
    let Permissions(role) = permissions;
    let in_lanes = lane.is_some();
    let this_lane = lane.clone().flatten();
    // Changes only when the landing spot changes, not on every pointer move.
    let target = Memo::new(move |_| {
        drag.drag.with(|d| {
            d.as_ref().map(|d| {
                (
                    d.card,
                    d.to,
                    d.to_lane.clone(),
                    d.title.clone(),
                    d.size.1,
                    d.mode == Mode::Keyboard,
                )
            })
        })
    });
    // While a card is lifted: this stage would refuse it from this person (its gate, or full
    // under hard limits).
    let session = expect_context::<Session>();
    let closed = Memo::new(move |_| {
        let lifted = target.with(|t| t.as_ref().map(|t| t.0))?;
        let standing = permissions.standing(session);
        let open = sync.board.with(|b| {
            b.as_ref()
                .is_some_and(|b| standing.may_take(lifted, column, b))
        });
        Some(!open)
    });
    let closed = move || closed.get() == Some(true);
    // A stage whose gate keeps its tasks for leads takes no new task from a member either.
    let may_add = move || {
        let create = Op::CreateCard {
            card: CardId::random(),
            column,
            position: OrderKey::first(),
            title: String::new(),
            description: String::new(),
        };
        sync.may(permissions.standing(session), &create)
    };
    let items = Memo::new(move |_| {
        let target = target.get();
        let filter = shown.filter.get();
        let lanes = shown.lanes.get().filter(|_| in_lanes);
        let now = js_sys::Date::now() as i64;
        sync.board.with(|b| {
            let Some(b) = b else { return Vec::new() };
            let lifted = target.as_ref().map(|t| t.0);
            let by_pointer = target.as_ref().is_some_and(|t| !t.5);
            let (lifted_here, others): (Vec<&Card>, Vec<&Card>) =
                shown_in(b, column, &filter, lanes.map(|l| (l, &this_lane)), now)
                    .into_iter()
                    .partition(|c| Some(c.id) == lifted);
            let mut items: Vec<Item> = others
                .into_iter()
                .map(|c| Item::Card(Box::new(c.clone())))
                .collect();
            if let Some((_, (to, index), to_lane, title, height, keyboard)) = target
                && to == column
                && (!in_lanes || to_lane == this_lane)
                && !closed()
            {
                let index = index.min(items.len());
                items.insert(
                    index,
                    Item::Placeholder {
                        title,
                        height,
                        keyboard,
                    },
                );
            }
            // A card lifted by a pointer stays in the page, hidden: a finger that pressed it
            // keeps sending its touch events there. One lifted by the keyboard leaves it, and
            // the keys go to the page.
            if by_pointer {
                items.extend(
                    lifted_here
                        .into_iter()
                        .map(|c| Item::Card(Box::new(c.clone()))),
                );
            }
            items
        })
    });
    let count = move || {
        sync.board
            .with(|b| b.as_ref().map(|b| b.cards_in(column).len()).unwrap_or(0))
    };
    let limit = move || {
        sync.board
            .with(|b| b.as_ref().and_then(|b| b.columns.get(&column)?.wip_limit))
    };
    let over = move || limit().is_some_and(|l| count() > l as usize);
    let i18n = expect_context::<leptos_fluent::I18n>();
    let name = move || {
        sync.board.with(|b| {
            b.as_ref()
                .and_then(|b| b.columns.get(&column))
                .map(|c| crate::i18n::shown(i18n, &c.name))
                .unwrap_or_default()
        })
    };
    view! {
        <section
            class="column"
            class:over-limit=over
            class:drop-target=move || target.with(|t| t.as_ref().is_some_and(|t| t.1.0 == column))
            class:closed=closed
            data-column=column.to_string()
            aria-label=name
        >
            {header.then(|| view! { <ColumnHeader column /> })}
            <ul class="column-cards" role="list" data-lane=lane.map(|l| l.unwrap_or_default())>
                <For each=move || items.get() key=Item::key let(item)>
                    {match item {
                        Item::Card(card) => view! { <CardView card=*card column /> }.into_any(),
                        Item::Placeholder { title, height, keyboard } => view! {
                            <li
                                class="card-placeholder"
                                class:keyboard=keyboard
                                style:min-height=format!("{}px", height.max(44.0))
                                data-testid="drop-placeholder"
                            >
                                {keyboard.then(|| view! { <span class="card-title">{title}</span> })}
                            </li>
                        }.into_any(),
                    }}
                </For>
            </ul>
            {(role.edits_cards() && !in_lanes).then(|| view! { <Show when=may_add><AddCard column /></Show> })}
        </section>
    }
}
