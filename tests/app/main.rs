//! Black-box tests: the real app on a random port, its own database per test, both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod all_or_nothing;
mod api;
mod badge_export;
mod badge_ink;
mod badges;
mod browser;
mod cli;
mod crash;
mod csv;
mod desk;
mod devices;
mod doors;
mod helpers;
mod invitations;
mod mail;
mod outage;
mod pages;
mod registration;
mod roles;
mod rush;
mod schema;
mod setup;
mod staff;
mod totp;
