//! What the std prelude would give, from `alloc` (the shipped build is no_std).
pub use alloc::borrow::ToOwned;
pub use alloc::string::String;
pub use alloc::vec::Vec;
