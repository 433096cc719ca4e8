//! A page's computations, for the views that come while one runs ([`fly`]): a view joins a
//! computation whose snapshot has not begun yet (it will hold every write committed so far),
//! or one whose snapshot began at the view's write generation or later; otherwise it starts
//! its own at once, beside the running one.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Slot, Writes};
use crate::error::AppError;

/// Handed to a computation: it calls [`Begins::mark`] just before its snapshot begins (on the
/// thread that takes it), so that the figures are kept as of that write generation rather than
/// of the moment the computation was asked for. Under live traffic a page's computation waits
/// its turn at the database for a while; views that came meanwhile share its figures instead
/// of waiting for it and then for one more computation of their own (a write lands every few
/// milliseconds, so the generation taken when it was asked for was always behind theirs).
#[derive(Clone)]
pub(super) struct Begins {
    writes: Arc<Writes>,
    /// The generation when the computation was asked for.
    asked: u64,
    /// The lowest generation read by [`Begins::mark`]; `u64::MAX` until it is called.
    marked: Arc<AtomicU64>,
}

impl Begins {
    pub(super) fn new(writes: &Arc<Writes>) -> Begins {
        Begins {
            writes: writes.clone(),
            asked: writes.current(),
            marked: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    /// Reads the write generation: call it before the computation's first statement (a
    /// computation of several transactions calls it before each; the first counts). Every
    /// write it counts was committed before, so the snapshot that follows holds it.
    pub(super) fn mark(&self) {
        self.marked.fetch_min(self.writes.current(), Ordering::AcqRel);
    }

    fn is_marked(&self) -> bool {
        self.marked.load(Ordering::Acquire) != u64::MAX
    }

    /// The generation the figures are kept under: as marked, or as asked when never marked.
    pub(super) fn generation(&self) -> u64 {
        match self.marked.load(Ordering::Acquire) {
            u64::MAX => self.asked,
            marked => marked.max(self.asked),
        }
    }
}

/// What a computation's views wait on: `Some(Some(value))` once it is done, `Some(None)` when
/// it failed; closed when the view computing it went away.
type Done<V> = tokio::sync::watch::Receiver<Option<Option<Arc<V>>>>;

/// A computation of one key, for the views that join it.
pub(super) struct Flight<V> {
    begins: Begins,
    done: Done<V>,
}

impl<V> Clone for Flight<V> {
    fn clone(&self) -> Self {
        Flight {
            begins: self.begins.clone(),
            done: self.done.clone(),
        }
    }
}

impl<V> Flight<V> {
    /// Whether a view that asked at generation `asked` may take its figures: its snapshot has
    /// not begun yet (it will hold every write committed so far, by anyone), or — unless the
    /// view wants only that — began at `asked` or later (it holds every write this process
    /// handled before the view came); and it has neither failed nor ended.
    pub(super) fn joinable(&self, asked: u64, not_begun_only: bool) -> bool {
        let over = matches!(*self.done.borrow(), Some(None)) || self.done.has_changed().is_err();
        !over && (!self.begins.is_marked() || !not_begun_only && self.begins.generation() >= asked)
    }
}

/// Tells a flight's views how it ended, also when the view computing it goes away (closed).
struct Landing<V>(Option<tokio::sync::watch::Sender<Option<Option<Arc<V>>>>>);

impl<V> Landing<V> {
    fn land(mut self, value: Option<Arc<V>>) {
        if let Some(tx) = self.0.take() {
            tx.send_replace(Some(value));
        }
    }
}

/// Joins the key's latest computation when [`Flight::joinable`] for this view, or starts
/// one, and answers its figures.
pub(super) async fn fly<V, F, Fut>(
    slot: &Slot<V>,
    writes: &Arc<Writes>,
    not_begun_only: bool,
    compute: F,
) -> Result<Arc<V>, AppError>
where
    V: 'static,
    F: FnOnce(Begins) -> Fut + 'static,
    Fut: Future<Output = Result<V, AppError>> + 'static,
{
    let asked = writes.current();
    let (flight, own) = {
        let mut latest = slot.flight.lock().unwrap_or_else(|e| e.into_inner());
        match latest.as_ref().filter(|f| f.joinable(asked, not_begun_only)) {
            Some(f) => (f.clone(), None),
            None => {
                let (tx, done) = tokio::sync::watch::channel(None);
                let begins = Begins::new(writes);
                *latest = Some(Flight {
                    begins: begins.clone(),
                    done: done.clone(),
                });
                (Flight { begins, done }, Some(Landing(Some(tx))))
            }
        }
    };
    let Some(landing) = own else {
        let mut done = flight.done;
        if let Ok(Some(Some(value))) = done.wait_for(Option::is_some).await.map(|v| v.clone()) {
            return Ok(value);
        }
        // It failed, or its view went away: this view computes for itself.
        let begins = Begins::new(writes);
        let value = Arc::new(compute(begins.clone()).await?);
        slot.store(begins.generation(), value.clone());
        return Ok(value);
    };
    // A write that commits after the mark bumps past it, and the next view computes again.
    match compute(flight.begins.clone()).await {
        Ok(value) => {
            let value = Arc::new(value);
            slot.store(flight.begins.generation(), value.clone());
            landing.land(Some(value.clone()));
            Ok(value)
        }
        Err(e) => {
            landing.land(None);
            Err(e)
        }
    }
}
