//! Argument checking, independent of JS: the glue classifies each JS value
//! into an `Arg`, and the resource modules ask for what they need.

use crate::prelude::*;

use crate::error::SdkError;

#[derive(Clone, Debug, PartialEq)]
pub enum Arg<V> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Array(V),
    /// Any non-array, non-function object.
    Object(V),
    Function,
    /// Symbols, BigInts.
    Other,
}

impl<V> Arg<V> {
    pub fn type_name(&self) -> &'static str {
        match self {
            Arg::Undefined => "undefined",
            Arg::Null => "null",
            Arg::Bool(_) => "boolean",
            Arg::Num(_) => "number",
            Arg::Str(_) => "string",
            Arg::Array(_) => "array",
            Arg::Object(_) => "object",
            Arg::Function => "function",
            Arg::Other => "an unsupported value",
        }
    }
}

/// The arguments of one call, with the method name for error messages.
pub struct Args<'a, V> {
    pub method: &'static str,
    items: &'a [Arg<V>],
    /// The arguments as given, for values passed through untouched.
    raw: &'a [V],
}

const UNDEFINED_REF: &Arg<()> = &Arg::Undefined;

impl<'a, V: Clone> Args<'a, V> {
    pub fn new(method: &'static str, items: &'a [Arg<V>]) -> Self {
        Args {
            method,
            items,
            raw: &[],
        }
    }

    pub fn with_raw(method: &'static str, items: &'a [Arg<V>], raw: &'a [V]) -> Self {
        Args { method, items, raw }
    }

    fn at(&self, i: usize) -> Option<&Arg<V>> {
        self.items.get(i)
    }

    fn is_absent(&self, i: usize) -> bool {
        matches!(self.at(i), None | Some(Arg::Undefined))
    }

    #[inline(never)]
    fn wrong(&self, i: usize, name: &'static str, expected: &str) -> SdkError {
        let got = self.at(i).map_or(UNDEFINED_REF.type_name(), Arg::type_name);
        let mut problem = String::from("must be ");
        problem.push_str(expected);
        problem.push_str(", got ");
        problem.push_str(got);
        SdkError::invalid_arg(self.method, name, &problem)
    }

    /// A required string (may be empty only where the path check allows).
    #[inline(never)]
    pub fn str(&self, i: usize, name: &'static str) -> Result<String, SdkError> {
        match self.at(i) {
            Some(Arg::Str(s)) => Ok(s.clone()),
            _ => Err(self.wrong(i, name, "a string")),
        }
    }

    /// An optional string: `undefined` (or missing) gives `None`.
    pub fn opt_str(&self, i: usize, name: &'static str) -> Result<Option<String>, SdkError> {
        if self.is_absent(i) {
            return Ok(None);
        }
        self.str(i, name).map(Some)
    }

    /// A required plain object (not an array, not null).
    #[inline(never)]
    pub fn object(&self, i: usize, name: &'static str) -> Result<V, SdkError> {
        match self.at(i) {
            Some(Arg::Object(v)) => Ok(v.clone()),
            _ => Err(self.wrong(i, name, "an object")),
        }
    }

    /// An optional plain object: `undefined` (or missing) gives `None`.
    #[inline(never)]
    pub fn opt_object(&self, i: usize, name: &'static str) -> Result<Option<V>, SdkError> {
        if self.is_absent(i) {
            return Ok(None);
        }
        self.object(i, name).map(Some)
    }

    /// A value to be written as text: a string, number, boolean, null,
    /// object or array. Strings come back as `Ok(Err(s))`, the rest as the
    /// raw value for the JS side to format as JS would.
    pub fn text_value(&self, i: usize, name: &'static str) -> Result<Result<V, String>, SdkError> {
        match self.at(i) {
            Some(Arg::Str(s)) => Ok(Err(s.clone())),
            Some(Arg::Num(_) | Arg::Bool(_) | Arg::Null | Arg::Object(_) | Arg::Array(_)) => self
                .raw
                .get(i)
                .cloned()
                .map(Ok)
                .ok_or_else(|| self.wrong(i, name, "a value")),
            _ => Err(self.wrong(i, name, "a string, number, boolean, null, object or array")),
        }
    }

    /// An array of objects (checked element-wise by the caller's JSON).
    pub fn array(&self, i: usize, name: &'static str) -> Result<V, SdkError> {
        match self.at(i) {
            Some(Arg::Array(v)) => Ok(v.clone()),
            _ => Err(self.wrong(i, name, "an array")),
        }
    }
}

#[cfg(test)]
mod tests;
