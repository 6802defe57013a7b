// Minimal assertions that run unchanged in Node and in the browser.
function show(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export class AssertionError extends Error {}

export function ok(value, message = 'expected a truthy value') {
  if (!value) throw new AssertionError(`${message} (got ${show(value)})`);
}

export function equal(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message}${message ? ': ' : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}

export function deepEqual(actual, expected, message = '') {
  const a = show(canonical(actual));
  const e = show(canonical(expected));
  if (a !== e) throw new AssertionError(`${message}${message ? ': ' : ''}expected ${e}, got ${a}`);
}

/** Awaits `promise`, which must reject; returns the rejection. */
export async function rejects(promise, message = 'expected the promise to reject') {
  try {
    const value = await promise;
    throw new AssertionError(`${message}; it resolved to ${show(value)}`);
  } catch (err) {
    if (err instanceof AssertionError) throw err;
    return err;
  }
}
