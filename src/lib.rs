//! appmixer-wasm: the `api` module of the Appmixer JS SDK in Rust.
//!
//! Pure modules (`request`, `args`, `error` and the resource modules) build
//! requests and are tested natively; `core`, `convert` and `transport` are
//! the JS-facing glue.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
// The shipped build (feature `slim`) is no_std: no std panic machinery and no
// formatting code in the .wasm. Tests and the wasm-bindgen tests use std.
#![cfg_attr(all(feature = "slim", not(test)), no_std)]

extern crate alloc;

#[cfg(all(feature = "slim", not(test), target_arch = "wasm32"))]
mod slim {
    #[global_allocator]
    static ALLOCATOR: crate::heap::Heap = crate::heap::Heap::new();

    /// The core never panics (clippy denies the ways in); should one happen
    /// anyway, trap without formatting a message.
    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        core::arch::wasm32::unreachable()
    }
}

pub mod api;
pub mod args;
pub mod error;
// The allocator is the shipped build's; it is tested natively over a simulated memory.
#[cfg(any(test, feature = "slim"))]
mod heap;
mod prelude;
pub mod request;

pub mod accounts;
pub mod app_events;
pub mod charts;
pub mod flows;
pub mod logs;
pub mod stores;
pub mod tasks;
pub mod user;

mod convert;
pub mod core;
pub mod pipeline;
pub mod retry;
mod transport;
