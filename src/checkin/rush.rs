//! Doors come first. A delegate at a door waits on a scan; nobody waits on a mail a second
//! sooner. While scans are being decided, background work (the mail worker) gives way: this
//! counts the scans in flight in this process and remembers when the last one ended.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
/// When the last scan ended, in microseconds since `EPOCH` (0: none yet).
static LAST_END: AtomicU64 = AtomicU64::new(0);
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn since_epoch() -> u64 {
    u64::try_from(EPOCH.elapsed().as_micros()).unwrap_or(u64::MAX).max(1)
}

/// A scan being decided: counted until dropped.
#[must_use = "the scan counts as in flight only while this is held"]
pub struct Scanning(());

impl Drop for Scanning {
    fn drop(&mut self) {
        LAST_END.store(since_epoch(), Ordering::Relaxed);
        IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Marks a scan as being decided, until the guard is dropped.
pub fn scanning() -> Scanning {
    LazyLock::force(&EPOCH);
    IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
    Scanning(())
}

/// Whether a scan is being decided now, or one ended within `quiet` (doors scan in bursts:
/// the gap between two scans of a queue is not a pause).
pub fn doors_busy(quiet: Duration) -> bool {
    if IN_FLIGHT.load(Ordering::Relaxed) > 0 {
        return true;
    }
    let last = LAST_END.load(Ordering::Relaxed);
    last != 0 && since_epoch().saturating_sub(last) < u64::try_from(quiet.as_micros()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doors_are_busy_while_a_scan_is_decided_and_shortly_after() {
        let quiet = Duration::from_millis(30);
        let scan = scanning();
        assert!(doors_busy(quiet));
        drop(scan);
        assert!(doors_busy(quiet), "just ended");
        std::thread::sleep(Duration::from_millis(40));
        assert!(!doors_busy(quiet), "quiet since");
    }
}
