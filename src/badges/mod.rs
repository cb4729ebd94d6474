//! Badges: records with unguessable codes, and PDF rendering in every script.

pub mod fonts;
pub mod layout;
pub mod pdf;
pub mod text;

pub use layout::{BadgeContent, Layout, render};
