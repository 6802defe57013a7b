// Reading the caller's objects that become text on the wire, in plain JS
// (smaller than doing each step through the wasm's imports). The core catches
// what these throw (a getter, toJSON or toString) as a bad argument.

/**
 * A query object as axios writes it, as `[key, value, ...]` strings: own
 * enumerable keys in order, arrays as repeated keys, null and undefined left
 * out, Dates as ISO strings, objects as JSON, anything else as `String(v)`.
 */
export function queryPairs(object) {
  const out = [];
  for (const [key, value] of Object.entries(object)) {
    for (const item of Array.isArray(value) ? Array.from(value) : [value]) {
      if (item === undefined || item === null) continue;
      const text = item instanceof Date ? item.toISOString() : typeof item === 'object' ? JSON.stringify(item) : String(item);
      if (typeof text !== 'string') throw new TypeError(`query '${key}' has no JSON form`);
      out.push(key, text);
    }
  }
  return out;
}

/** `_request`'s headers object as `[name, value, ...]`: its string values only. */
export function headerPairs(object) {
  const out = [];
  for (const [name, value] of Object.entries(object)) if (typeof value === 'string') out.push(name, value);
  return out;
}
