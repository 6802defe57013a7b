//! Small helpers: clocks and ISO-8601 formatting, IDs, query strings, JSON paths.

use rand::RngCore;
use serde_json::Value;
use std::cmp::Ordering;
use std::sync::atomic::{AtomicI64, Ordering as AtomicOrdering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    now_ms().div_euclid(1000)
}

/// The clock for stored timestamps: milliseconds, strictly increasing across
/// calls, so two writes never share a timestamp and sorting by time follows
/// the order in which things happened.
pub fn tick() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = now_ms();
    let mut prev = LAST.load(AtomicOrdering::Relaxed);
    loop {
        let next = now.max(prev + 1);
        match LAST.compare_exchange_weak(
            prev,
            next,
            AtomicOrdering::Relaxed,
            AtomicOrdering::Relaxed,
        ) {
            Ok(_) => return next,
            Err(actual) => prev = actual,
        }
    }
}

/// A timestamp strictly later than `previous` (so an update always changes it).
pub fn later_than(previous: i64) -> i64 {
    tick().max(previous + 1)
}

/// `2026-12-03T18:30:00.123Z` for a millisecond timestamp.
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since 1970-01-01 (inverse of `civil_from_days`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC calendar date of a millisecond timestamp.
pub fn ymd(ms: i64) -> (i64, u32, u32) {
    civil_from_days(ms.div_euclid(86_400_000))
}

/// Midnight (UTC) of the day of a millisecond timestamp.
pub fn day_start(ms: i64) -> i64 {
    ms.div_euclid(86_400_000) * 86_400_000
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A parsed date: its millisecond timestamp and whether it was a bare date
/// (`2018-01-31`, no time of day).
pub fn parse_date(s: &str) -> Option<(i64, bool)> {
    let s = s.trim();
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let (Some(y), Some(m), Some(d), None) = (dp.next(), dp.next(), dp.next(), dp.next()) else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (num(y)?, num(m)? as u32, num(d)? as u32);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let day_ms = days_from_civil(y, m, d) * 86_400_000;
    let Some(time) = time else {
        return Some((day_ms, true));
    };
    // Split off the zone: Z, +HH:MM, -HH:MM, +HHMM (or none = UTC).
    let (clock, offset_min) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(pos) = time.rfind(['+', '-']) {
        let (c, z) = time.split_at(pos);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = z[1..].replace(':', "");
        if z.len() != 4 {
            return None;
        }
        let (h, mi) = (num(&z[..2])?, num(&z[2..])?);
        (c, sign * (h * 60 + mi))
    } else {
        (time, 0)
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    let mut tp = hms.split(':');
    let h = num(tp.next()?)?;
    let mi = num(tp.next()?)?;
    let sec = match tp.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if tp.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let millis = match frac {
        None => 0,
        Some(f) => {
            num(f)?;
            let mut digits: String = f.chars().take(3).collect();
            while digits.len() < 3 {
                digits.push('0');
            }
            num(&digits)?
        }
    };
    let ms = day_ms + ((h * 60 + mi) * 60 + sec) * 1000 + millis - offset_min * 60_000;
    Some((ms, false))
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::thread_rng().fill_bytes(&mut b);
    b
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// A 24-hex ID shaped like a MongoDB ObjectId (4 bytes of time, 8 random bytes).
pub fn object_id() -> String {
    let mut b = [0u8; 12];
    b[..4].copy_from_slice(&(now_secs() as u32).to_be_bytes());
    b[4..].copy_from_slice(&random_bytes::<8>());
    hex(&b)
}

/// A random UUID v4.
pub fn uuid_v4() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// Decoded `application/x-www-form-urlencoded` pairs of a raw query string
/// (`+` and `%20` are spaces; `%3A`/`%2C` and raw `:`/`,` are the same).
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    match raw {
        Some(q) => form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        None => Vec::new(),
    }
}

/// The last value of a query key.
pub fn query_get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// All values of a (repeatable) query key.
pub fn query_all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Parses an optional non-negative integer query parameter.
pub fn query_usize(
    pairs: &[(String, String)],
    key: &str,
    default: usize,
) -> Result<usize, crate::boom::Boom> {
    match query_get(pairs, key) {
        None => Ok(default),
        Some(v) if v.trim().is_empty() => Ok(default),
        Some(v) => v.trim().parse::<usize>().map_err(|_| {
            crate::boom::Boom::bad_request(format!("\"{key}\" must be a non-negative integer"))
        }),
    }
}

/// The value at a dotted path (`customFields.category`) of a JSON value.
pub fn json_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = value;
    for part in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get(part)?,
            Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Removes the value at a dotted path, if present.
pub fn json_remove_path(value: &mut Value, path: &str) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, path),
    };
    let target = match parent {
        None => Some(value),
        Some(p) => {
            let mut cur = Some(value);
            for part in p.split('.') {
                cur = match cur {
                    Some(Value::Object(m)) => m.get_mut(part),
                    _ => None,
                };
            }
            cur
        }
    };
    if let Some(Value::Object(m)) = target {
        m.remove(last);
    }
}

/// Whether a JSON value matches a filter value given as text (Mongo-like
/// equality: arrays match when any element matches; a missing value matches "null").
pub fn json_matches(value: Option<&Value>, expected: &str) -> bool {
    match value {
        None | Some(Value::Null) => expected == "null",
        Some(Value::String(s)) => s == expected,
        Some(Value::Bool(b)) => expected == if *b { "true" } else { "false" },
        Some(Value::Number(n)) => {
            n.to_string() == expected
                || matches!((n.as_f64(), expected.parse::<f64>()), (Some(a), Ok(b)) if a == b)
        }
        Some(Value::Array(items)) => items.iter().any(|v| json_matches(Some(v), expected)),
        Some(Value::Object(_)) => false,
    }
}

/// A `filter` query value: `path:value`, negated by `path:!value` or `!path:value`.
#[derive(Debug, Clone)]
pub struct FieldFilter {
    pub path: String,
    pub value: String,
    pub negate: bool,
}

impl FieldFilter {
    pub fn parse(raw: &str) -> Result<FieldFilter, crate::boom::Boom> {
        let (path, value) = raw.split_once(':').ok_or_else(|| {
            crate::boom::Boom::bad_request(format!("Invalid filter \"{raw}\" (use path:value)"))
        })?;
        let mut negate = false;
        let path = match path.trim().strip_prefix('!') {
            Some(p) => {
                negate = true;
                p.trim()
            }
            None => path.trim(),
        };
        let value = match value.strip_prefix('!') {
            Some(v) => {
                negate = !negate;
                v
            }
            None => value,
        };
        if path.is_empty() {
            return Err(crate::boom::Boom::bad_request(format!(
                "Invalid filter \"{raw}\" (empty path)"
            )));
        }
        Ok(FieldFilter {
            path: path.to_string(),
            value: value.to_string(),
            negate,
        })
    }

    /// All non-empty `filter` values of a query.
    pub fn all(pairs: &[(String, String)]) -> Result<Vec<FieldFilter>, crate::boom::Boom> {
        query_all(pairs, "filter")
            .into_iter()
            .filter(|f| !f.is_empty())
            .map(FieldFilter::parse)
            .collect()
    }

    pub fn matches(&self, value: &Value) -> bool {
        json_matches(json_path(value, &self.path), &self.value) != self.negate
    }
}

/// Orders JSON values the way MongoDB does for the types we store:
/// missing/null < numbers < strings < objects < arrays < booleans.
pub fn json_cmp(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Number(_)) => 1,
            Some(Value::String(_)) => 2,
            Some(Value::Object(_)) => 3,
            Some(Value::Array(_)) => 4,
            Some(Value::Bool(_)) => 5,
        }
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x @ Value::Object(_)), Some(y @ Value::Object(_)))
        | (Some(x @ Value::Array(_)), Some(y @ Value::Array(_))) => {
            x.to_string().cmp(&y.to_string())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

/// A parsed `sort` parameter: `field:1`, `field:-1`, comma-separated for several keys.
pub fn parse_sort(raw: Option<&str>) -> Result<Vec<(String, bool)>, crate::boom::Boom> {
    let mut out = Vec::new();
    let Some(raw) = raw else { return Ok(out) };
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, dir) = match part.rsplit_once(':') {
            Some((f, d)) => (f.trim(), d.trim()),
            None => match part.strip_prefix('-') {
                Some(f) => (f, "-1"),
                None => (part, "1"),
            },
        };
        let descending = match dir {
            "1" | "asc" | "ascending" => false,
            "-1" | "desc" | "descending" => true,
            _ => {
                return Err(crate::boom::Boom::bad_request(format!(
                    "Invalid sort direction \"{dir}\" (use 1 or -1)"
                )))
            }
        };
        if field.is_empty() {
            return Err(crate::boom::Boom::bad_request("Invalid sort field"));
        }
        out.push((field.to_string(), descending));
    }
    Ok(out)
}

/// Parses a JSON request body; an empty body counts as `{}`.
pub fn parse_json(body: &[u8]) -> Result<Value, crate::boom::Boom> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(body)
        .map_err(|_| crate::boom::Boom::bad_request("Invalid request payload JSON format"))
}

/// Parses a JSON body that must be an object.
pub fn parse_json_object(body: &[u8]) -> Result<serde_json::Map<String, Value>, crate::boom::Boom> {
    match parse_json(body)? {
        Value::Object(m) => Ok(m),
        _ => Err(crate::boom::Boom::bad_request(
            "\"value\" must be of type object",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_formats_epoch_and_leap_days() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso(1_796_322_600_123), "2026-12-03T18:30:00.123Z");
    }

    #[test]
    fn dates_parse_and_roundtrip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 2, 29) * 86_400_000, 951_782_400_000);
        assert_eq!(parse_date("2000-02-29"), Some((951_782_400_000, true)));
        assert_eq!(
            parse_date("2026-12-03T18:30:00.123Z"),
            Some((1_796_322_600_123, false))
        );
        assert_eq!(
            parse_date("2026-12-03T19:30:00.123+01:00"),
            Some((1_796_322_600_123, false))
        );
        assert_eq!(
            parse_date("2026-12-03T18:30"),
            Some((1_796_322_600_000, false))
        );
        for bad in [
            "",
            "2018-13-01",
            "2018-02-30",
            "18-01-01",
            "2018-01-01T25:00",
            "x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for ms in [0i64, 951_782_400_123, 1_796_322_600_123, 4_102_444_800_000] {
            assert_eq!(parse_date(&iso(ms)), Some((ms, false)));
        }
    }

    #[test]
    fn tick_is_strictly_increasing() {
        let mut last = tick();
        for _ in 0..1000 {
            let t = tick();
            assert!(t > last);
            last = t;
        }
    }

    #[test]
    fn ids_have_expected_shape() {
        let id = object_id();
        assert!(is_object_id(&id), "{id}");
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn query_decoding_handles_plus_and_percent() {
        let p = query_pairs(Some("pattern=a+b%20c&filter=x%3Ay&filter=z:w&s=1%2C2"));
        assert_eq!(query_get(&p, "pattern"), Some("a b c"));
        assert_eq!(query_all(&p, "filter"), vec!["x:y", "z:w"]);
        assert_eq!(query_get(&p, "s"), Some("1,2"));
    }
}
