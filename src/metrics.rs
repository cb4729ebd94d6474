//! Prometheus metrics (`GET /metrics`): what this instance did (HTTP requests and their
//! latency, mail send failures, the scan queue, its connection pool), and what the shared
//! database holds (scans by outcome and reason, registrations by status, mails by status), read
//! at scrape time so every instance reports the same totals.

use std::sync::LazyLock;

use diesel::prelude::*;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

use crate::db::DbConn;
use crate::db::schema::{outbox, registrations, scans};

/// This process's metrics.
pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_seconds: HistogramVec,
    pub mail_send_failures: IntCounter,
    pub scan_queue: IntGauge,
    /// Requests refused by a rate limit, by limit.
    pub rate_limited: IntCounterVec,
    /// Requests refused because a bounded resource was full, by resource.
    pub busy: IntCounterVec,
    pool: IntGaugeVec,
    scans: IntGaugeVec,
    registrations: IntGaugeVec,
    mails: IntGaugeVec,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("lanyard".into()), None)?;
    let http_requests = IntCounterVec::new(
        Opts::new("http_requests_total", "HTTP requests answered, by route pattern, method and status"),
        &["route", "method", "status"],
    )?;
    let http_seconds = HistogramVec::new(
        HistogramOpts::new("http_request_duration_seconds", "Time to answer an HTTP request, by route pattern")
            .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
        &["route"],
    )?;
    let mail_send_failures =
        IntCounter::new("mail_send_failures_total", "Attempts to hand a mail over that failed (retried or final)")?;
    let scan_queue = IntGauge::new("scan_queue_depth", "Door scans waiting for the scan writer")?;
    let rate_limited =
        IntCounterVec::new(Opts::new("rate_limited_total", "Requests refused by a rate limit, by limit"), &["limit"])?;
    let busy = IntCounterVec::new(
        Opts::new("busy_total", "Requests refused because a bounded resource was full, by resource"),
        &["resource"],
    )?;
    let pool = IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections, by state"), &["state"])?;
    let scans = IntGaugeVec::new(
        Opts::new("scans", "Door scans in the database, by outcome and reason"),
        &["outcome", "reason"],
    )?;
    let registrations =
        IntGaugeVec::new(Opts::new("registrations", "Registrations in the database, by status"), &["status"])?;
    let mails = IntGaugeVec::new(Opts::new("outbox_mails", "Mails in the outbox, by status"), &["status"])?;
    registry.register(Box::new(http_requests.clone()))?;
    registry.register(Box::new(http_seconds.clone()))?;
    registry.register(Box::new(mail_send_failures.clone()))?;
    registry.register(Box::new(scan_queue.clone()))?;
    registry.register(Box::new(rate_limited.clone()))?;
    registry.register(Box::new(busy.clone()))?;
    registry.register(Box::new(pool.clone()))?;
    registry.register(Box::new(scans.clone()))?;
    registry.register(Box::new(registrations.clone()))?;
    registry.register(Box::new(mails.clone()))?;
    Ok(Metrics {
        registry,
        http_requests,
        http_seconds,
        mail_send_failures,
        scan_queue,
        rate_limited,
        busy,
        pool,
        scans,
        registrations,
        mails,
    })
}

/// The process-wide metrics (a process serves one application). Building them fails only on a
/// malformed constant name above, which the unit test below would catch.
#[allow(clippy::expect_used)]
pub static METRICS: LazyLock<Metrics> = LazyLock::new(|| build().expect("metric names are valid"));

impl Metrics {
    /// Reads the database's figures and the pool's state, then renders everything in the
    /// Prometheus text format.
    pub fn render(&self, conn: &mut DbConn, pool: diesel::r2d2::State) -> QueryResult<String> {
        let by_outcome: Vec<(String, String, i64)> = scans::table
            .filter(scans::rehearsal.eq(false))
            .group_by((scans::outcome, scans::reason))
            .select((scans::outcome, scans::reason, diesel::dsl::count_star()))
            .load(conn)?;
        self.scans.reset();
        for (outcome, reason, n) in by_outcome {
            self.scans.with_label_values(&[outcome.as_str(), reason.as_str()]).set(n);
        }
        let by_status: Vec<(String, i64)> = registrations::table
            .filter(registrations::erased_at.is_null())
            .group_by(registrations::status)
            .select((registrations::status, diesel::dsl::count_star()))
            .load(conn)?;
        self.registrations.reset();
        for (status, n) in by_status {
            self.registrations.with_label_values(&[status.as_str()]).set(n);
        }
        let mails: Vec<(String, i64)> =
            outbox::table.group_by(outbox::status).select((outbox::status, diesel::dsl::count_star())).load(conn)?;
        self.mails.reset();
        for (status, n) in mails {
            self.mails.with_label_values(&[status.as_str()]).set(n);
        }
        self.pool.with_label_values(&["open"]).set(i64::from(pool.connections));
        self.pool.with_label_values(&["idle"]).set(i64::from(pool.idle_connections));
        self.pool.with_label_values(&["in_use"]).set(i64::from(pool.connections - pool.idle_connections));
        let mut out = Vec::new();
        prometheus::TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into()))?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_metric_has_a_valid_name() {
        assert!(super::build().is_ok());
    }
}
