//! A connection that work may give back while it waits on something other than the database,
//! and take again afterwards: [`run_leased`]. The ingest line (`ingest::together`) uses it,
//! so that a batch waiting to be stored with others holds neither a connection nor a turn of
//! the requests' lane, and the line can grow as long as the batches that are ready, not only
//! as long as the pool.

use diesel::PgConnection;
use tokio::runtime::Handle;
use tokio::sync::OwnedSemaphorePermit;

use super::failure::{Failure, Unavailable};
use super::pool::{DbPool, Pooled, on_blocking_thread};

/// Where a piece of work gets its connection: a plain one (held throughout), or a [`Lease`].
pub trait Link {
    /// The connection, taken again first if it was given back.
    fn conn(&mut self) -> Result<&mut PgConnection, Unavailable>;
    /// Gives the connection back while the work waits (a plain one stays held).
    fn give_back(&mut self) {}
}

impl Link for PgConnection {
    fn conn(&mut self) -> Result<&mut PgConnection, Unavailable> {
        Ok(self)
    }
}

/// A connection of the requests' lane with its turn, or nothing while given back.
pub struct Lease {
    pool: DbPool,
    held: Option<(OwnedSemaphorePermit, Pooled)>,
}

impl Link for Lease {
    fn conn(&mut self) -> Result<&mut PgConnection, Unavailable> {
        let (_, conn) = match self.held.take() {
            Some(held) => self.held.insert(held),
            None => {
                // On a blocking thread: wait for the turn here, in the lane's queue.
                let turn = Handle::current().block_on(self.pool.request_turn())?;
                let conn = self.pool.checkout()?;
                self.held.insert((turn, conn))
            }
        };
        Ok(conn)
    }

    fn give_back(&mut self) {
        self.held = None;
    }
}

/// [`super::run`] for work that may give its connection back while it waits ([`Lease`]): it
/// starts with a turn in the requests' lane and a connection, and whatever it holds at the end
/// tells a failed connection from failed work, as `run` does.
pub async fn run_leased<F, T, E>(pool: &DbPool, f: F) -> Result<T, Failure<E>>
where
    F: FnOnce(&mut Lease) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let turn = pool.request_turn().await?;
    let pool = pool.clone();
    on_blocking_thread(move || {
        let conn = pool.checkout()?;
        let mut lease = Lease {
            pool: pool.clone(),
            held: Some((turn, conn)),
        };
        let outcome = f(&mut lease);
        let conn = lease.held.as_mut().map(|(_, conn)| &mut **conn);
        pool.settle(outcome, conn)
    })
    .await
}
