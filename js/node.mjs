// The package entry for Node (ESM; dist/node.cjs is its CommonJS build):
// the wasm is read from disk and instantiated synchronously on first use.
import { readFileSync } from 'node:fs';
import { initSync, Core } from '../pkg/appmixer_wasm.js';
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
  return (await load()).memory.buffer.byteLength;
}

/** Diagnostics: linear memory bytes and live JS values the core holds (both flat across calls when nothing leaks). */
export async function wasmDiagnostics() {
  const wasm = await load();
  return { memoryBytes: wasm.memory.buffer.byteLength, externrefs: wasm.__wbindgen_externrefs?.length ?? null };
}
export { AppmixerError, isAppmixerError } from './error.js';
export default Appmixer;
