// The fetch executor the wasm core calls: one promise per request, so the
// core awaits once. Bodies stay JS values: the engine's own JSON.parse, never
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
