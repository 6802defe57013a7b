//! The method table: name → (arity, request builder). One source for the
//! dispatcher and for the list of methods the JS entry exposes.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::Plan;
use crate::user;

pub type Build<V> = fn(&Args<V>) -> Result<Plan<V>, SdkError>;

macro_rules! methods {
    ($($name:literal => $arity:literal, $build:path;)*) => {
        /// Every method name, in table order.
        pub const METHOD_NAMES: &[&str] = &[$($name),*];

        /// The method's canonical name, number of listed parameters (the
        /// per-call options follow them) and builder.
        pub fn lookup<V: Clone>(name: &str) -> Option<(&'static str, usize, Build<V>)> {
            match name {
                $($name => Some(($name, $arity, $build as Build<V>)),)*
                _ => None,
            }
        }
    };
}

methods! {
    "authenticateUser" => 2, user::authenticate_user;
    "signupUser" => 2, user::signup_user;
    "getUser" => 0, user::get_user;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_resolves() {
        for name in METHOD_NAMES {
            let (n, _, _) = lookup::<u8>(name).unwrap();
            assert_eq!(&n, name);
        }
        assert!(lookup::<u8>("nope").is_none());
    }
}
