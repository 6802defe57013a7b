//! One module per resource.

pub mod flows;
pub mod hooks;
pub mod stores;
pub mod user;
