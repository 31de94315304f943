//! The time bound on one file (`[limits] max-file-time`), checked
//! cooperatively: the long loops ask on each step, and the clock is read
//! only every [`EVERY`] steps, so that asking costs next to nothing.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Steps between two readings of the clock.
const EVERY: u32 = 1024;

/// When the work on one file must stop. Once passed, it stays passed, so
/// work that stopped early is never mistaken for work that finished.
#[derive(Debug)]
pub struct Deadline {
    /// The bound as configured, for messages.
    limit: Duration,
    /// `None`: no bound (or one too far away to represent).
    at: Option<Instant>,
    started: Instant,
    /// Time already spent on the file before this deadline was set.
    spent: Duration,
    steps: Cell<u32>,
    passed: Cell<bool>,
}

impl Deadline {
    /// No bound: it never passes.
    pub fn none() -> Deadline {
        let now = Instant::now();
        Deadline {
            limit: Duration::MAX,
            at: None,
            started: now,
            spent: Duration::ZERO,
            steps: Cell::new(0),
            passed: Cell::new(false),
        }
    }

    /// `limit` from now, less the time the file has `spent` already (its
    /// parse, when the rules run later).
    pub fn new(limit: Duration, spent: Duration) -> Deadline {
        let now = Instant::now();
        Deadline {
            limit,
            at: now.checked_add(limit.saturating_sub(spent)),
            started: now,
            spent,
            steps: Cell::new(0),
            passed: Cell::new(false),
        }
    }

    /// The bound as configured.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Time spent on the file so far, this deadline's share included.
    pub fn spent(&self) -> Duration {
        self.spent.saturating_add(self.started.elapsed())
    }

    /// One step of a long loop: whether to stop. Reads the clock every
    /// [`EVERY`] steps.
    pub fn tick(&self) -> bool {
        self.steps(1)
    }

    /// A piece of work worth `weight` steps (at most [`EVERY`]): whether to
    /// stop. Reads the clock when the count of steps crosses a multiple of
    /// [`EVERY`].
    pub fn steps(&self, weight: u32) -> bool {
        if self.at.is_none() {
            return false;
        }
        let before = self.steps.get();
        let after = before.wrapping_add(weight.min(EVERY));
        self.steps.set(after);
        if after / EVERY != before / EVERY {
            self.check()
        } else {
            self.passed.get()
        }
    }

    /// Reads the clock: whether to stop.
    pub fn check(&self) -> bool {
        if !self.passed.get() && self.at.is_some_and(|at| Instant::now() >= at) {
            self.passed.set(true);
        }
        self.passed.get()
    }

    /// Whether the deadline was found passed, without reading the clock.
    pub fn passed(&self) -> bool {
        self.passed.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bound_never_passes() {
        let deadline = Deadline::none();
        assert!((0..3 * EVERY).all(|_| !deadline.tick()));
        assert!(!deadline.check());
    }

    #[test]
    fn ticks_read_the_clock_only_every_so_often_and_stay_passed() {
        let deadline = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        // Already spent more than the limit, but no step has read the clock yet.
        assert!((1..EVERY).all(|_| !deadline.tick()));
        assert!(!deadline.passed());
        assert!(deadline.tick(), "the EVERY-th step reads the clock");
        assert!(deadline.passed());
        assert!(deadline.tick(), "once passed, always passed");
        assert!(deadline.spent() >= Duration::from_secs(2));
    }

    #[test]
    fn weighted_steps_read_the_clock_as_often_as_that_many_ticks() {
        let deadline = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        let weight = EVERY / 8;
        assert!((1..8).all(|_| !deadline.steps(weight)));
        assert!(!deadline.passed());
        assert!(deadline.steps(weight), "the eighth crosses EVERY steps");
        // A weight past EVERY counts as EVERY: it reads the clock at once.
        let heavy = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        assert!(heavy.steps(u32::MAX));
    }

    #[test]
    fn a_bound_too_far_away_is_no_bound() {
        let deadline = Deadline::new(Duration::MAX, Duration::ZERO);
        assert!(!deadline.check());
        assert_eq!(deadline.limit(), Duration::MAX);
    }

    #[test]
    fn a_near_bound_passes() {
        let deadline = Deadline::new(Duration::from_millis(1), Duration::ZERO);
        std::thread::sleep(Duration::from_millis(5));
        assert!(deadline.check());
    }
}
