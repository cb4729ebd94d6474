//! The time the web layer decides by: real UTC time, plus an offset that tests move, so they
//! can stand at a registration window's close or step past a cache without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{NaiveDateTime, TimeDelta, Utc};

/// Real time, shifted by an offset shared by every clone (zero unless a test moves it).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Microseconds ahead of (or, negative, behind) real UTC time.
    offset_us: Arc<AtomicI64>,
}

impl Clock {
    /// A clock showing real time.
    pub fn real() -> Clock {
        Clock::default()
    }

    /// Now, in UTC.
    pub fn now(&self) -> NaiveDateTime {
        let offset = TimeDelta::microseconds(self.offset_us.load(Ordering::Relaxed));
        let real = Utc::now().naive_utc();
        real.checked_add_signed(offset).unwrap_or(real)
    }

    /// Moves the clock forward by `by` (backward if negative); it keeps ticking from there.
    pub fn advance(&self, by: TimeDelta) {
        let by = by.num_microseconds().unwrap_or(i64::MAX);
        // fetch_update only fails when the closure returns None, which it never does.
        let _ = self.offset_us.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| Some(o.saturating_add(by)));
    }

    /// Stands the clock at `at` (UTC); it keeps ticking from there.
    pub fn set(&self, at: NaiveDateTime) {
        let offset = (at - Utc::now().naive_utc()).num_microseconds().unwrap_or(i64::MAX);
        self.offset_us.store(offset, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_real_until_moved_and_its_clones_move_with_it() {
        let clock = Clock::real();
        assert!((clock.now() - Utc::now().naive_utc()).abs() < TimeDelta::seconds(1));
        let clone = clock.clone();
        clock.advance(TimeDelta::days(2));
        assert!((clone.now() - Utc::now().naive_utc() - TimeDelta::days(2)).abs() < TimeDelta::seconds(1));
        let at = NaiveDateTime::parse_from_str("2026-12-23T14:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
        clone.set(at);
        assert!((clock.now() - at).abs() < TimeDelta::seconds(1), "set stands every clone at the moment");
    }
}
