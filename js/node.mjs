// The package entry for Node (ESM; dist/node.cjs is its CommonJS build):
// the wasm is read from disk and instantiated synchronously on first use.
import { readFileSync } from 'node:fs';
import { initSync, Core, __diagnostics } from '../pkg/appmixer_wasm.js';
import { defineAppmixer } from './facade.js';

let loaded;
function load() {
  loaded ??= new Promise((resolve) => {
    resolve(initSync({ module: readFileSync(new URL('../pkg/appmixer_wasm_bg.wasm', import.meta.url)) }));
  });
  return loaded;
}

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
