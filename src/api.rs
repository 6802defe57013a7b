//! The method table: every api method as data (a `Spec`: its parameters,
//! path, query, body and resolve rule), declared by its resource module, and
//! the one builder that turns a spec and the call's arguments into a `Plan`.
//! Data instead of a function per method keeps the `.wasm` small.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{
    encode_segment, query_arg, Body, Field, Method, Plan, QueryPart, Resolve, Then,
};
use crate::{accounts, app_events, charts, flows, logs, stores, tasks, user};

/// How a parameter is checked (see `Args`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    OptStr,
    Object,
    OptObject,
    Array,
    /// Written as `text/plain`: a string, number, boolean, null, object or array.
    TextValue,
}

/// A path piece: literal text, or a parameter as one encoded segment.
#[derive(Clone, Copy, Debug)]
pub enum Seg {
    Lit(&'static str),
    Arg(usize),
}

#[derive(Clone, Copy, Debug)]
pub enum QuerySpec {
    None,
    /// The parameter's own keys, when it is given.
    Object(usize),
    /// `key=<parameter>`, when it is given.
    Pair(&'static str, usize),
}

#[derive(Clone, Copy, Debug)]
pub enum FieldSpec {
    /// A string parameter, an object parameter, or `{}` when it is omitted.
    Arg(usize),
    Const(&'static str),
}

#[derive(Clone, Copy, Debug)]
pub enum BodySpec {
    None,
    /// The parameter as JSON, `{}` when it is omitted.
    Json(usize),
    /// Named fields, then the own keys of an optional parameter copied over them.
    Fields(&'static [(&'static str, FieldSpec)], Option<usize>),
    /// The parameter as `text/plain`.
    Text(usize),
}

/// One api method.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub name: &'static str,
    pub method: Method,
    /// Name and check of each listed parameter, in order (the per-call
    /// options follow them).
    pub params: &'static [(&'static str, Kind)],
    pub path: &'static [Seg],
    pub query: QuerySpec,
    pub body: BodySpec,
    pub resolve: Resolve,
    pub then: Option<Then>,
    pub auth: bool,
    /// The path goes under the configured people-tasks prefix.
    pub tasks_prefix: bool,
}

impl Spec {
    pub const fn new(name: &'static str, method: Method, path: &'static [Seg]) -> Spec {
        Spec {
            name,
            method,
            params: &[],
            path,
            query: QuerySpec::None,
            body: BodySpec::None,
            resolve: Resolve::Body,
            then: None,
            auth: true,
            tasks_prefix: false,
        }
    }
    pub const fn params(mut self, params: &'static [(&'static str, Kind)]) -> Spec {
        self.params = params;
        self
    }
    pub const fn query(mut self, query: QuerySpec) -> Spec {
        self.query = query;
        self
    }
    pub const fn body(mut self, body: BodySpec) -> Spec {
        self.body = body;
        self
    }
    pub const fn resolve(mut self, resolve: Resolve) -> Spec {
        self.resolve = resolve;
        self
    }
    pub const fn then(mut self, then: Then) -> Spec {
        self.then = Some(then);
        self
    }
    pub const fn without_auth(mut self) -> Spec {
        self.auth = false;
        self
    }
    pub const fn under_tasks_prefix(mut self) -> Spec {
        self.tasks_prefix = true;
        self
    }

    pub fn arity(&self) -> usize {
        self.params.len()
    }
}

/// Every resource module's methods, in the order the JS entry lists them.
const TABLES: [&[Spec]; 8] = [
    user::METHODS,
    flows::METHODS,
    stores::METHODS,
    accounts::METHODS,
    logs::METHODS,
    tasks::METHODS,
    charts::METHODS,
    app_events::METHODS,
];

pub fn methods() -> impl Iterator<Item = &'static Spec> {
    TABLES.into_iter().flatten()
}

#[cfg(test)]
pub fn lookup(name: &str) -> Option<&'static Spec> {
    methods().find(|spec| spec.name == name)
}

/// A checked parameter.
enum Checked<V> {
    Absent,
    Str(String),
    Value(V),
}

/// The request for a call of `spec` with `a`: every parameter is checked
/// first, in order, then the path, query and body are built.
pub fn build<V: Clone>(spec: &Spec, a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let mut values = Vec::with_capacity(spec.params.len());
    for (i, &(name, kind)) in spec.params.iter().enumerate() {
        values.push(match kind {
            Kind::Str => Checked::Str(a.str(i, name)?),
            Kind::OptStr => a.opt_str(i, name)?.map_or(Checked::Absent, Checked::Str),
            Kind::Object => Checked::Value(a.object(i, name)?),
            Kind::OptObject => a
                .opt_object(i, name)?
                .map_or(Checked::Absent, Checked::Value),
            Kind::Array => Checked::Value(a.array(i, name)?),
            Kind::TextValue => match a.text_value(i, name)? {
                Ok(raw) => Checked::Value(raw),
                Err(text) => Checked::Str(text),
            },
        });
    }
    let value = |i: usize| values.get(i).unwrap_or(&Checked::Absent);
    let name = |i: usize| spec.params.get(i).map_or("", |p| p.0);

    let mut path = String::new();
    for seg in spec.path {
        match *seg {
            Seg::Lit(text) => {
                path.push('/');
                path.push_str(text);
            }
            Seg::Arg(i) => {
                let text = match value(i) {
                    Checked::Str(s) => s.as_str(),
                    _ => "",
                };
                encode_segment(&mut path, a.method, name(i), text)?;
            }
        }
    }
    let mut plan = Plan::new(spec.method, path).resolve(spec.resolve);
    plan.then = spec.then;
    plan.auth = spec.auth;
    plan.tasks_prefix = spec.tasks_prefix;

    match spec.query {
        QuerySpec::None => {}
        QuerySpec::Object(i) => {
            if let Checked::Value(v) = value(i) {
                plan.query.push(QueryPart::Object(v.clone()));
            }
        }
        QuerySpec::Pair(key, i) => {
            if let Checked::Str(s) = value(i) {
                let s = query_arg(a.method, name(i), s.clone())?;
                plan.query.push(QueryPart::Pair(key, s));
            }
        }
    }

    let field = |i: usize| match value(i) {
        Checked::Absent => Field::EmptyObject,
        Checked::Str(s) => Field::Str(s.clone()),
        Checked::Value(v) => Field::Value(v.clone()),
    };
    plan.body = match spec.body {
        BodySpec::None => Body::Empty,
        BodySpec::Json(i) => match value(i) {
            Checked::Value(v) => Body::Json(v.clone()),
            _ => Body::Fields(Vec::new(), None),
        },
        BodySpec::Fields(fields, spread) => {
            let fields = fields
                .iter()
                .map(|&(key, source)| {
                    let value = match source {
                        FieldSpec::Arg(i) => field(i),
                        FieldSpec::Const(text) => Field::Str(text.into()),
                    };
                    (key, value)
                })
                .collect();
            let spread = spread.and_then(|i| match value(i) {
                Checked::Value(v) => Some(v.clone()),
                _ => None,
            });
            Body::Fields(fields, spread)
        }
        BodySpec::Text(i) => match value(i) {
            Checked::Str(s) => Body::Text(s.clone()),
            Checked::Value(v) => Body::TextOf(v.clone()),
            Checked::Absent => Body::Empty,
        },
    };
    Ok(plan)
}

/// The request for a call of the method `a.method` (tests name methods by
/// their api name, as callers do).
#[cfg(test)]
pub fn build_named(a: &Args<u8>) -> Result<Plan<u8>, SdkError> {
    let spec =
        lookup(a.method).ok_or_else(|| SdkError::invalid_arg(a.method, "name", "is unknown"))?;
    build(spec, a)
}

#[cfg(test)]
mod tests;
