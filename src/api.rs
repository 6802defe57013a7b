//! The method table: name → (arity, request builder). One source for the
//! dispatcher and for the list of methods the JS entry exposes.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::Plan;
use crate::{flows, stores, user};

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
    "createFlow" => 3, flows::create_flow;
    "deleteFlow" => 1, flows::delete_flow;
    "getFlow" => 1, flows::get_flow;
    "getFlows" => 1, flows::get_flows;
    "getFlowsCount" => 1, flows::get_flows_count;
    "updateFlow" => 2, flows::update_flow;
    "startFlow" => 1, flows::start_flow;
    "stopFlow" => 1, flows::stop_flow;
    "cloneFlow" => 2, flows::clone_flow;
    "getFlowAuthentication" => 1, flows::get_flow_authentication;
    "getStores" => 0, stores::get_stores;
    "getStore" => 1, stores::get_store;
    "getStoreRecordsCount" => 1, stores::get_store_records_count;
    "getStoreRecords" => 1, stores::get_store_records;
    "createStore" => 1, stores::create_store;
    "deleteStore" => 1, stores::delete_store;
    "renameStore" => 2, stores::rename_store;
    "createStoreItem" => 3, stores::create_store_item;
    "deleteStoreItems" => 1, stores::delete_store_items;
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
