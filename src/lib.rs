//! Lanyard: accreditation for official events.

pub mod audit;
pub mod backup;
pub mod badges;
pub mod checkin;
pub mod clock;
pub mod common;
pub mod config;
pub mod db;
pub mod events;
pub mod i18n;
pub mod ids;
pub mod invitations;
pub mod links;
pub mod mail;
pub mod messages;
pub mod metrics;
pub mod privacy;
pub mod qr;
pub mod registrations;
pub mod reports_cli;
pub mod secrets;
pub mod security_log;
pub mod staff;
pub mod startup;
pub mod vetting;
pub mod web;
