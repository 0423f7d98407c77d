//! Moving cards, with a pointer (mouse and pen at once; touch by the card's grip, or after a long
//! press anywhere on the card) or with the
//! keyboard (Space lifts, arrows move, Space or Enter drops, Escape cancels). While a card is
//! lifted its column shows a placeholder where it would land; a drop submits one `MoveCard`.

use crate::contexts::board::Shown;
use crate::notices::{self, Verb};
use crate::sync::BoardSync;
use leptos::ev;
use leptos::prelude::*;
use qadam_shared::{Board, CardId, ColumnId, Op, OrderKey};
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlElement, PointerEvent};

/// How far a mouse must move before a press becomes a drag, in pixels.
const DRAG_THRESHOLD: f64 = 5.0;
/// How long a finger must rest on a card before it lifts.
const LONG_PRESS: Duration = Duration::from_millis(300);
/// How far a finger may wander during the long press before it counts as scrolling.
const TOUCH_SLOP: f64 = 10.0;
/// Distance from a scroll container's edge at which dragging scrolls it, in pixels.
const SCROLL_EDGE: f64 = 60.0;
/// How far the pointer must have gone towards an edge since it lifted the card before that
/// edge scrolls, in pixels.
const EDGE_APPROACH: f64 = 24.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Pointer,
    Keyboard,
}

/// A lifted card and where it would land.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub card: CardId,
    pub title: String,
    pub mode: Mode,
    pub from: (ColumnId, usize),
    /// Target column and index among the other cards shown there.
    pub to: (ColumnId, usize),
    /// The swimlane it came from and would land in (none without swimlanes, or in the lane of
    /// cards without the field).
    pub from_lane: Option<String>,
    pub to_lane: Option<String>,
    /// Pointer position (viewport coordinates) and where on the card it grabbed.
    pub pointer: (f64, f64),
    /// Where the pointer lifted the card: an edge scrolls only once the pointer went towards
    /// it (a grip lies near the right edge on a phone, and a drag straight down from it must
    /// not scroll the board sideways).
    pub lifted_at: (f64, f64),
    pub grab: (f64, f64),
    pub size: (f64, f64),
}

struct Press {
    drag: Drag,
    start: (f64, f64),
    touch: bool,
}

thread_local! {
    /// Read by the one non-passive touchmove listener that keeps the page from scrolling while a
    /// finger drags a card.
    static TOUCH_DRAGGING: Cell<bool> = const { Cell::new(false) };
}

/// The board's drag state and the handlers that drive it.
#[derive(Clone, Copy)]
pub struct DragController {
    pub drag: RwSignal<Option<Drag>>,
    sync: BoardSync,
    shown: Shown,
    press: StoredValue<Option<Press>, LocalStorage>,
    /// A drag ends with a click on the card under the pointer; that click must not open it.
    just_dropped: StoredValue<bool>,
    scroller: StoredValue<Option<IntervalHandle>>,
}

impl DragController {
    pub fn new(sync: BoardSync, shown: Shown) -> Self {
        let this = Self {
            drag: RwSignal::new(None),
            sync,
            shown,
            press: StoredValue::new_local(None),
            just_dropped: StoredValue::new(false),
            scroller: StoredValue::new(None),
        };
        install_touch_guard();
        let moves = window_event_listener(ev::pointermove, move |e| this.pointer_moved(&e));
        let ups = window_event_listener(ev::pointerup, move |e| this.pointer_released(&e));
        let cancels = window_event_listener(ev::pointercancel, move |_| this.cancel());
        let keys = window_event_listener(ev::keydown, move |e| this.key_pressed(&e));
        on_cleanup(move || {
            moves.remove();
            ups.remove();
            cancels.remove();
            keys.remove();
            this.stop_scrolling();
            TOUCH_DRAGGING.with(|d| d.set(false));
        });
        this
    }

    /// A pointer went down on a card of `column`.
    pub fn pointer_down(&self, e: &PointerEvent, card: CardId, title: String, column: ColumnId) {
        if e.button() != 0 || self.drag.get_untracked().is_some() {
            return;
        }
        let Some(element) = e
            .current_target()
            .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let rect = element.get_bounding_client_rect();
        let (index, lane) = place_of(&element);
        let (x, y) = (e.client_x() as f64, e.client_y() as f64);
        // A finger on the card's grip drags at once (the grip takes no panning, so the browser
        // does not claim the gesture); elsewhere on the card it must rest first, so that
        // swiping over cards still scrolls.
        let on_grip = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("[data-grip]").ok().flatten())
            .is_some();
        let touch = e.pointer_type() == "touch" && !on_grip;
        let drag = Drag {
            card,
            title,
            mode: Mode::Pointer,
            from: (column, index),
            to: (column, index),
            from_lane: lane.clone(),
            to_lane: lane,
            pointer: (x, y),
            lifted_at: (x, y),
            grab: (x - rect.left(), y - rect.top()),
            size: (rect.width(), rect.height()),
        };
        self.press.set_value(Some(Press {
            drag,
            start: (x, y),
            touch,
        }));
        if touch {
            let this = *self;
            set_timeout(
                move || {
                    let pressed = this.press.try_with_value(|p| p.as_ref().map(|p| p.touch));
                    if pressed == Some(Some(true)) {
                        this.start_pointer_drag();
                    }
                },
                LONG_PRESS,
            );
        }
    }

    /// Whether a click on a card should be ignored because it ended a drag.
    pub fn swallow_click(&self) -> bool {
        let swallow = self.just_dropped.get_value();
        self.just_dropped.set_value(false);
        swallow
    }

    /// Lifts a card (`element`) of `column` with the keyboard.
    pub fn lift(&self, element: &Element, card: CardId, title: String, column: ColumnId) {
        let (index, lane) = place_of(element);
        let drag = Drag {
            card,
            title,
            mode: Mode::Keyboard,
            from: (column, index),
            to: (column, index),
            from_lane: lane.clone(),
            to_lane: lane,
            pointer: (0.0, 0.0),
            lifted_at: (0.0, 0.0),
            grab: (0.0, 0.0),
            size: (0.0, 0.0),
        };
        self.drag.set(Some(drag.clone()));
        self.announce_position(&drag, Verb::Lifted);
    }

    fn start_pointer_drag(&self) {
        let Some(press) = self.press.try_update_value(|p| p.take()).flatten() else {
            return;
        };
        TOUCH_DRAGGING.with(|d| d.set(press.touch));
        self.drag.set(Some(press.drag.clone()));
        self.announce_position(&press.drag, Verb::Lifted);
        let this = *self;
        let handle =
            set_interval_with_handle(move || this.auto_scroll(), Duration::from_millis(30)).ok();
        self.scroller.set_value(handle);
    }

    fn pointer_moved(&self, e: &PointerEvent) {
        let (x, y) = (e.client_x() as f64, e.client_y() as f64);
        if let Some(Some((start, touch))) = self
            .press
            .try_with_value(|p| p.as_ref().map(|p| (p.start, p.touch)))
        {
            let moved = (x - start.0).hypot(y - start.1);
            if touch && moved > TOUCH_SLOP {
                // The finger is scrolling, not lifting.
                self.press.set_value(None);
            } else if !touch && moved > DRAG_THRESHOLD {
                self.start_pointer_drag();
            }
        }
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        if drag.mode != Mode::Pointer {
            return;
        }
        e.prevent_default();
        let (to, to_lane) = target_at(x, y, drag.card).unwrap_or((drag.to, drag.to_lane));
        self.drag.update(|d| {
            if let Some(d) = d {
                d.pointer = (x, y);
                d.to = to;
                d.to_lane = to_lane;
            }
        });
    }

    fn pointer_released(&self, _e: &PointerEvent) {
        self.press.set_value(None);
        match self.drag.get_untracked() {
            Some(drag) if drag.mode == Mode::Pointer => {
                // The click this release makes comes in the same task; when the card has moved
                // away it reaches no card, so the flag must not outlive the task.
                self.just_dropped.set_value(true);
                let just_dropped = self.just_dropped;
                set_timeout(
                    move || just_dropped.set_value(false),
                    Duration::from_millis(0),
                );
                self.drop_card(drag);
            }
            _ => {}
        }
    }

    fn key_pressed(&self, e: &web_sys::KeyboardEvent) {
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        if drag.mode != Mode::Keyboard {
            if e.key() == "Escape" {
                self.cancel();
            }
            return;
        }
        let Some(board) = self.sync.board.get_untracked() else {
            return;
        };
        let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
        let (column, index) = drag.to;
        let col_index = columns.iter().position(|c| *c == column).unwrap_or(0);
        let others = |c| self.others(&board, c, &drag.to_lane, drag.card);
        let to = match e.key().as_str() {
            "ArrowUp" => (column, index.saturating_sub(1)),
            "ArrowDown" => (column, (index + 1).min(others(column))),
            "ArrowLeft" if col_index > 0 => {
                let c = columns[col_index - 1];
                (c, index.min(others(c)))
            }
            "ArrowRight" if col_index + 1 < columns.len() => {
                let c = columns[col_index + 1];
                (c, index.min(others(c)))
            }
            " " | "Enter" => {
                e.prevent_default();
                self.drop_card(drag);
                return;
            }
            "Escape" => {
                e.prevent_default();
                self.cancel();
                return;
            }
            "Tab" => {
                self.cancel();
                return;
            }
            _ => return,
        };
        e.prevent_default();
        let moved = Drag { to, ..drag };
        self.drag.set(Some(moved.clone()));
        self.announce_position(&moved, Verb::Moved);
    }

    fn drop_card(&self, drag: Drag) {
        self.finish();
        let (column, index) = drag.to;
        let Some(board) = self.sync.board.get_untracked() else {
            return;
        };
        let Some(card) = board.cards.get(&drag.card) else {
            return;
        };
        let column_name = board
            .columns
            .get(&column)
            .map(|c| crate::i18n::shown(self.sync.i18n, &c.name))
            .unwrap_or_default();
        let lanes = self.shown.lanes.get_untracked();
        let lane_change = lanes.and_then(|l| l.moving_to(card, &drag.to_lane));
        if drag.to != drag.from || lane_change.is_some() {
            // Between the neighbours it lands between, among the cards shown there.
            let neighbours: Vec<&OrderKey> = self
                .shown
                .cards_in(&board, column, &drag.to_lane)
                .into_iter()
                .filter(|c| c.id != drag.card)
                .map(|c| &c.position)
                .collect();
            let position = Board::key_at(&neighbours, index);
            if !self.sync.submit(Op::MoveCard {
                card: drag.card,
                column,
                position,
            }) {
                return;
            }
            // Back to where it was, and to its lane.
            let mut back = vec![Op::MoveCard {
                card: drag.card,
                column: card.column,
                position: card.position.clone(),
            }];
            if let Some(change) = lane_change {
                if !self.sync.submit(change) {
                    return;
                }
                back.extend(
                    lanes.and_then(|l| l.moving_to(&board.cards[&drag.card], &drag.from_lane)),
                );
            }
            self.sync.notices.undoable(
                notices::moved(self.sync.i18n, &drag.title, &column_name),
                back,
            );
        }
        self.sync.notices.announce(notices::dropped(
            self.sync.i18n,
            &drag.title,
            &column_name,
            index + 1,
            self.others(&board, column, &drag.to_lane, drag.card) + 1,
        ));
        if drag.mode == Mode::Keyboard {
            focus_card(drag.card);
        }
    }

    /// Puts a lifted card back where it was.
    pub fn cancel(&self) {
        self.press.set_value(None);
        if let Some(drag) = self.drag.get_untracked() {
            self.finish();
            self.sync
                .notices
                .announce(notices::cancelled(self.sync.i18n, &drag.title));
            if drag.mode == Mode::Keyboard {
                focus_card(drag.card);
            }
        }
    }

    fn finish(&self) {
        self.drag.set(None);
        self.stop_scrolling();
        TOUCH_DRAGGING.with(|d| d.set(false));
    }

    fn stop_scrolling(&self) {
        if let Some(Some(handle)) = self.scroller.try_update_value(|s| s.take()) {
            handle.clear();
        }
    }

    fn announce_position(&self, drag: &Drag, verb: Verb) {
        let Some(board) = self.sync.board.get_untracked() else {
            return;
        };
        let (column, index) = drag.to;
        let name = board
            .columns
            .get(&column)
            .map(|c| c.name.as_str())
            .unwrap_or("");
        let name = crate::i18n::shown(self.sync.i18n, name);
        self.sync.notices.announce(notices::card_at(
            self.sync.i18n,
            verb,
            &drag.title,
            &name,
            index + 1,
            self.others(&board, column, &drag.to_lane, drag.card) + 1,
        ));
    }

    /// Scrolls the board sideways, or a column's list up or down, while the pointer rests near
    /// an edge.
    fn auto_scroll(&self) {
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        let (x, y) = drag.pointer;
        let (from_x, from_y) = drag.lifted_at;
        let document = document();
        if let Ok(Some(board)) = document.query_selector(".board-lanes, .board-columns") {
            let r = board.get_bounding_client_rect();
            let dx = edge_speed(x, from_x, r.left(), r.right());
            if dx != 0.0 {
                board.scroll_by_with_x_and_y(dx, 0.0);
            }
        }
        if let Ok(Some(list)) =
            document.query_selector(&format!("[data-column=\"{}\"] .column-cards", drag.to.0))
        {
            let r = list.get_bounding_client_rect();
            let dy = edge_speed(y, from_y, r.top(), r.bottom());
            if dy != 0.0 {
                list.scroll_by_with_x_and_y(0.0, dy);
            }
        }
        if let Some((to, to_lane)) = target_at(x, y, drag.card)
            && (to, &to_lane) != (drag.to, &drag.to_lane)
        {
            self.drag.update(|d| {
                if let Some(d) = d {
                    d.to = to;
                    d.to_lane = to_lane;
                }
            });
        }
    }

    /// How many cards other than `card` are shown in `column` (and `lane`).
    fn others(
        &self,
        board: &Board,
        column: ColumnId,
        lane: &Option<String>,
        card: CardId,
    ) -> usize {
        self.shown
            .cards_in(board, column, lane)
            .iter()
            .filter(|c| c.id != card)
            .count()
    }
}

/// Where a card's element stands: its index among the cards of its list, and the list's
/// swimlane (an empty `data-lane` is the lane of cards without the field).
fn place_of(element: &Element) -> (usize, Option<String>) {
    let list = element.closest("ul").ok().flatten();
    let lane = list
        .as_ref()
        .and_then(|l| l.get_attribute("data-lane"))
        .filter(|l| !l.is_empty());
    let index = list
        .and_then(|l| l.query_selector_all("[data-card]").ok())
        .map(|cards| {
            (0..cards.length())
                .filter_map(|i| cards.item(i))
                .take_while(|n| !n.is_same_node(Some(element)))
                .count()
        })
        .unwrap_or(0);
    (index, lane)
}

/// Scroll speed for a pointer at `p`, which lifted the card at `from`, in a container spanning
/// `start..end`.
fn edge_speed(p: f64, from: f64, start: f64, end: f64) -> f64 {
    // At most a fortieth of the box a step (a step each 30 ms): about a second and a quarter
    // to cross it, so a finger can stop at the next stage of a phone's board.
    let fastest = ((end - start) / 40.0).clamp(6.0, 20.0);
    if p < start + SCROLL_EDGE && from - p > EDGE_APPROACH {
        -((start + SCROLL_EDGE - p) / SCROLL_EDGE).min(1.0) * fastest
    } else if p > end - SCROLL_EDGE && p - from > EDGE_APPROACH {
        ((p - (end - SCROLL_EDGE)) / SCROLL_EDGE).min(1.0) * fastest
    } else {
        0.0
    }
}

/// The column a pointer below its end points at: the one spanning `x` whose top is the lowest
/// above `y` (in its swimlane, with swimlanes). A short stage (an empty one, or one without "Add
/// a card") takes a drop anywhere below it too.
fn column_below(x: f64, y: f64) -> Option<Element> {
    let columns = document().query_selector_all("[data-column]").ok()?;
    let mut best: Option<(f64, Element)> = None;
    for i in 0..columns.length() {
        let Some(el) = columns.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let r = el.get_bounding_client_rect();
        if x >= r.left()
            && x <= r.right()
            && r.top() <= y
            && best.as_ref().is_none_or(|(top, _)| r.top() > *top)
        {
            best = Some((r.top(), el));
        }
    }
    best.map(|(_, el)| el)
}

/// The column (and swimlane) under the pointer and the index among its other cards where the
/// card would land.
fn target_at(x: f64, y: f64, card: CardId) -> Option<((ColumnId, usize), Option<String>)> {
    let hit = document().element_from_point(x as f32, y as f32)?;
    let column_el = match hit.closest("[data-column]").ok().flatten() {
        Some(column) => column,
        None => column_below(x, y)?,
    };
    let column = column_el.get_attribute("data-column")?.parse().ok()?;
    let lane = column_el
        .query_selector("[data-lane]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("data-lane"))
        .filter(|l| !l.is_empty());
    let cards = column_el.query_selector_all("[data-card]").ok()?;
    let dragged = card.to_string();
    let mut index = 0;
    for i in 0..cards.length() {
        let Some(el) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if el.get_attribute("data-card").as_deref() == Some(dragged.as_str()) {
            continue;
        }
        let r = el.get_bounding_client_rect();
        if y > r.top() + r.height() / 2.0 {
            index += 1;
        }
    }
    Some(((column, index), lane))
}

/// Gives the keyboard focus back to a card once it has been rendered in its new place.
pub fn focus_card(card: CardId) {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector(&format!("[data-card=\"{card}\"]"))
            && let Ok(el) = el.dyn_into::<HtmlElement>()
        {
            let _ = el.focus();
        }
    });
}

/// Registers, once, a touchmove listener that is not passive, so that a finger dragging a card
/// does not scroll the page. It must be there before the touch starts (the browser decides then
/// whether it may scroll without asking the page), and the pressed card must stay in the page
/// while lifted, or its touch events never reach the window.
fn install_touch_guard() {
    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let guard = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        if TOUCH_DRAGGING.with(|d| d.get()) {
            e.prevent_default();
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "touchmove",
        guard.as_ref().unchecked_ref(),
        &options,
    );
    // Lives as long as the page.
    guard.forget();
}
