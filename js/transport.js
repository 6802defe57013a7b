// The request executor the wasm core calls: one promise per request, which
// the driver awaits and hands back to the core. The request is built here
// from the parts (fewer crossings than building it from the wasm). Bodies stay
// JS values: the engine's own JSON.parse, never a copy into wasm memory.
// Resolves [response, data]: `response` has status, statusText and headers
// (a `Response`, or the same fields of an XHR); data is the parsed JSON, else
// the text ("" when empty). Rejects when nothing (or half a body) arrived.
import { redact } from './error.js';

// The core's `Method` numbers.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

// Browsers get XMLHttpRequest, everything else (Node, service workers) fetch:
// measured in Chromium, an XHR answers a small call ~10 % sooner than fetch,
// but a burst of hundreds queues ~5 % slower, so past a browser's 6
// connections per host the rest go by fetch.
const xhrAvailable = typeof XMLHttpRequest === 'function';
let xhrsInFlight = 0;

export async function send(method, url, contentType, token, extra, body, signal) {
  const headers = {};
  if (contentType) headers['Content-Type'] = contentType;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (extra) for (let i = 0; i + 1 < extra.length; i += 2) headers[extra[i]] = extra[i + 1];
  // Send from a microtask, off the wasm call stack: measured ~75 µs sooner
  // to answer in Chromium than a request started inside the core's step.
  await null;
  if (xhrAvailable && xhrsInFlight < 6) return sendXhr(METHODS[method], url, headers, body, signal);
  const response = await fetch(url, { method: METHODS[method], headers, body, signal });
  return [response, parse(await response.text())];
}

function parse(text) {
  if (text) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON: the text itself, as axios does
    }
  }
  return text;
}

function sendXhr(method, url, headers, body, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = (ok) => () => {
      xhrsInFlight--;
      signal?.removeEventListener('abort', abort);
      // The core tells an abort or a timeout from a lost request by its signal.
      if (!ok) return reject(new TypeError('network error'));
      resolve([new XhrResponse(xhr), parse(xhr.responseText)]);
    };
    xhr.onload = done(true);
    xhr.onerror = xhr.onabort = done(false);
    // A bad URL or header name throws here: the promise rejects, and nothing
    // was counted as in flight.
    xhr.open(method, url);
    for (const name in headers) xhr.setRequestHeader(name, headers[name]);
    // The caller may abort between the core's step and this microtask; an
    // aborted signal fires no more events, so it is checked here (fetch does too).
    if (signal?.aborted) return reject(new TypeError('aborted'));
    xhrsInFlight++;
    signal?.addEventListener('abort', abort);
    xhr.send(body ?? null);
  });
}

// What the core and error.js read of a `Response`; headers are parsed only
// when asked for (an error, a Retry-After).
class XhrResponse {
  constructor(xhr) {
    this.status = xhr.status;
    this.statusText = xhr.statusText;
    this.xhr = xhr;
  }

  get headers() {
    const headers = new Headers();
    for (const line of this.xhr.getAllResponseHeaders().split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    return headers;
  }
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
