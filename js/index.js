// The package entry for browsers and bundlers. The wasm is fetched and
// compiled in the background from the first `new Appmixer()`; no init() call
// and no top-level await. Bundlers (Vite, webpack 5) pick up the `.wasm`
// through the `new URL(..., import.meta.url)` below.
import init, { Core } from '../pkg/appmixer_wasm.js';
import { defineAppmixer } from './facade.js';

let loading;
function load() {
  loading ??= init({ module_or_path: new URL('../pkg/appmixer_wasm_bg.wasm', import.meta.url) }).catch((err) => {
    loading = undefined; // let a later call try again
    throw err;
  });
  return loading;
}

// Start fetching and compiling the core as soon as the package is imported,
// in parallel with the rest of the page; a failure is reported by the first call.
load().catch(() => {});

export const Appmixer = defineAppmixer(load, Core);

/** Diagnostics: the core's linear memory in bytes (it never shrinks, so growth across many calls means a leak). */
export async function wasmMemoryBytes() {
  return (await load()).memory.buffer.byteLength;
}
export { AppmixerError, isAppmixerError } from './error.js';
export default Appmixer;
