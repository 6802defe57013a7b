// The fetch executor the wasm core calls: one promise per request, which the
// driver awaits and hands back to the core. Bodies stay JS values: the engine's own JSON.parse, never
// a copy into wasm memory. Resolves [response, data]; data is the parsed JSON,
// else the text ("" when empty). Rejects when nothing (or half a body) arrived.
export async function send(url, init) {
  const response = await fetch(url, init);
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
