//! The method table: name → (arity, request builder). One source for the
//! dispatcher and for the list of methods the JS entry exposes.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::Plan;
use crate::{accounts, app_events, charts, flows, logs, stores, tasks, user};

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
    "createAccount" => 2, accounts::create_account;
    "getAccounts" => 1, accounts::get_accounts;
    "getComponentAccounts" => 2, accounts::get_component_accounts;
    "getAccountFlows" => 1, accounts::get_account_flows;
    "setAccountName" => 2, accounts::set_account_name;
    "getAuth" => 1, accounts::get_auth;
    "getLogs" => 1, logs::get_logs;
    "getLog" => 2, logs::get_log;
    "getPeopleTasks" => 1, tasks::get_people_tasks;
    "getPeopleTasksCount" => 1, tasks::get_people_tasks_count;
    "getPeopleTask" => 1, tasks::get_people_task;
    "approveTask" => 2, tasks::approve_task;
    "rejectTask" => 2, tasks::reject_task;
    "getCharts" => 0, charts::get_charts;
    "getChart" => 1, charts::get_chart;
    "deleteChart" => 1, charts::delete_chart;
    "sendAppEvent" => 3, app_events::send_app_event;
}

#[cfg(test)]
mod tests;
