//! How long-running library work tells a watcher how far it has got, without printing: each
//! workflow (generate, build, test, load) reports its own events, the command line draws bars
//! and lines from them, and a test or any other caller may ignore them (`Silent`) or collect
//! them (any `FnMut(Event)` closure).

pub trait Progress<E> {
    fn report(&mut self, event: E);
}

/// Reports go nowhere.
pub struct Silent;

impl<E> Progress<E> for Silent {
    fn report(&mut self, _: E) {}
}

impl<E, F: FnMut(E)> Progress<E> for F {
    fn report(&mut self, event: E) {
        self(event)
    }
}
