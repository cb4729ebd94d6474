//! Rate limits per client: what one address (or one API token) can make the server do in a
//! minute. The address is the socket's, or behind a configured trusted proxy the first
//! untrusted hop of `X-Forwarded-For` (see `observe::client_addr`). Limits are counted per
//! instance: behind a balancer with N instances a client may reach up to N times the limit
//! (unless the balancer keeps a client on one instance).
//!
//! A route opts in with an extractor placed first among its arguments: `Limited<Register>`.
//! Extractors are polled in order and this one answers at once, so a refused request is
//! refused before its body is read.

use std::future::{Ready, ready};
use std::hash::Hash;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::{FromRequest, HttpRequest, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use super::{AppError, AppState};
use crate::config::RateLimits;

/// One limit: a quota per minute and its counters per key; `None` when switched off.
pub struct Limit<K: Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
    checks: AtomicU32,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    fn per_minute(n: u32) -> Limit<K> {
        let limiter = NonZeroU32::new(n).map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
        Limit { limiter, checks: AtomicU32::new(0) }
    }

    /// `Err(seconds to wait)` when `key` is over the limit.
    fn check(&self, key: &K) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        // Forget idle clients now and then, so the map cannot grow without bound.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// Every limit of a running server.
pub struct RateLimiters {
    register: Limit<IpAddr>,
    badge: Limit<IpAddr>,
    login: Limit<IpAddr>,
    api: Limit<String>,
}

impl RateLimiters {
    pub fn new(limits: &RateLimits) -> RateLimiters {
        RateLimiters {
            register: Limit::per_minute(limits.register),
            badge: Limit::per_minute(limits.badge),
            login: Limit::per_minute(limits.login),
            api: Limit::per_minute(limits.api),
        }
    }

    /// Checks one request of an API token (by the hash of its secret).
    pub fn check_token(&self, token_hash: &str, client: Option<IpAddr>) -> Result<(), u64> {
        self.api.check(&token_hash.to_owned()).inspect_err(|wait| refused("api", client, *wait))
    }
}

fn refused(bucket: &str, client: Option<IpAddr>, wait: u64) {
    let client = client.map(|c| c.to_string()).unwrap_or_default();
    crate::metrics::METRICS.rate_limited.with_label_values(&[bucket]).inc();
    tracing::warn!(target: "lanyard::security", bucket, %client, retry_after = wait, "rate limit reached");
}

/// Which limit a route counts against.
pub trait Bucket {
    const NAME: &'static str;
    fn limit(limiters: &RateLimiters) -> &Limit<IpAddr>;
}

/// The public registration form (and its photo).
pub struct Register;
/// A delegate's badge page, its PDF and its photo upload.
pub struct Badge;
/// The staff login and its code step.
pub struct Login;

impl Bucket for Register {
    const NAME: &'static str = "register";
    fn limit(l: &RateLimiters) -> &Limit<IpAddr> {
        &l.register
    }
}

impl Bucket for Badge {
    const NAME: &'static str = "badge";
    fn limit(l: &RateLimiters) -> &Limit<IpAddr> {
        &l.badge
    }
}

impl Bucket for Login {
    const NAME: &'static str = "login";
    fn limit(l: &RateLimiters) -> &Limit<IpAddr> {
        &l.login
    }
}

/// A request counted against bucket `B` for its client; over the limit it is refused with
/// `429` and `Retry-After` before anything else of it is read.
pub struct Limited<B>(PhantomData<B>);

impl<B: Bucket> FromRequest for Limited<B> {
    type Error = AppError;
    type Future = Ready<Result<Limited<B>, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else { return ready(Ok(Limited(PhantomData))) };
        let Some(client) = super::observe::client_addr(req, &state.settings.trusted_proxies) else {
            return ready(Ok(Limited(PhantomData)));
        };
        ready(match B::limit(&state.limiters).check(&client) {
            Ok(()) => Ok(Limited(PhantomData)),
            Err(wait) => {
                refused(B::NAME, Some(client), wait);
                Err(AppError::TooManyRequests { retry_after: wait })
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_over_its_quota_waits_while_another_goes_on() {
        let limit = Limit::per_minute(3);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(limit.check(&a), Ok(()));
        }
        let wait = limit.check(&a).unwrap_err();
        assert!((1..=20).contains(&wait), "one of three per minute comes back within 20 s, not {wait}");
        assert_eq!(limit.check(&b), Ok(()));
    }

    #[test]
    fn a_limit_of_zero_is_off() {
        let limit = Limit::<IpAddr>::per_minute(0);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..1000).all(|_| limit.check(&a).is_ok()));
    }
}
