// The fetch executor the wasm core calls: one promise per request, which the
// driver awaits and hands back to the core. The init object is built here
// from the parts (fewer crossings than building it from the wasm). Bodies stay
// JS values: the engine's own JSON.parse, never a copy into wasm memory.
// Resolves [response, data]; data is the parsed JSON, else the text ("" when
// empty). Rejects when nothing (or half a body) arrived.
import { redact } from './error.js';

// The core's `Method` numbers.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

export async function send(method, url, contentType, token, extra, body, signal) {
  const headers = {};
  if (contentType) headers['Content-Type'] = contentType;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (extra) for (let i = 0; i + 1 < extra.length; i += 2) headers[extra[i]] = extra[i + 1];
  // Fetch from a microtask, off the wasm call stack: measured ~75 µs sooner
  // to answer in Chromium than a fetch started inside the core's step.
  await null;
  const response = await fetch(url, { method: METHODS[method], headers, body, signal });
  const text = await response.text();
  let data = text;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      // not JSON: the text itself, as axios does
    }
  }
  return [response, data];
}

// The wait before a retry or the next status poll; an abort ends it early
// (the call then fails with ERR_CANCELED before sending again).
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}

// The `request` / `response` event payload (built only when someone listens);
// `duration` is set for responses, with `status` null when nothing answered.
export function telemetryInfo(apiMethod, method, url, token, attempt, status, duration) {
  const info = { apiMethod, method, url: redact(url, token), attempt };
  if (duration !== undefined) {
    info.status = status ?? null;
    info.duration = duration;
  }
  return info;
}
