// The package entry for browsers and bundlers. The wasm is fetched and
// compiled in the background from the first `new Appmixer()`; no init() call
// and no top-level await. Bundlers (Vite, webpack 5) pick up the `.wasm`
// through the `new URL(..., import.meta.url)` below.
import init, { Core, __diagnostics } from '../pkg/appmixer_wasm.js';
import { defineAppmixer } from './facade.js';

let loading;
function load() {
  const url = new URL('../pkg/appmixer_wasm_bg.wasm', import.meta.url);
  loading ??= init({ module_or_path: url }).catch((err) => {
    loading = undefined; // let a later call try again
    // A dev server that answers the .wasm URL with an HTML page (Vite 7 after
    // pre-bundling) fails on the wasm magic number: say what to do.
    const hint = /magic/i.test(String(err?.message))
      ? " (the server did not answer with the .wasm file; with Vite's dev server add optimizeDeps: { exclude: ['appmixer-wasm'] })"
      : '';
    throw new Error(`${url}: ${err?.message ?? err}${hint}`);
  });
  return loading;
}

// Start fetching and compiling the core as soon as the package is imported,
// in parallel with the rest of the page; a failure is reported by the first call.
load().catch(() => {});

export const Appmixer = defineAppmixer(load, Core);

/** Diagnostics: the core's linear memory in bytes (it never shrinks, so growth across many calls means a leak). */
export async function wasmMemoryBytes() {
  await load();
  return __diagnostics().memoryBytes;
}

/** Diagnostics: linear memory bytes and the length of the table of JS values the core can hold (both flat across calls when nothing leaks). */
export async function wasmDiagnostics() {
  await load();
  return __diagnostics();
}
export { AppmixerError, isAppmixerError } from './error.js';
export default Appmixer;
