//! One module per resource.

pub mod accounts;
pub mod app_events;
pub mod charts;
pub mod flows;
pub mod hooks;
pub mod logs;
pub mod stores;
pub mod tasks;
pub mod user;
