// The package entry for Node (ESM; dist/node.cjs is its CommonJS build):
// the wasm is read from disk and instantiated synchronously on first use.
import { readFileSync } from 'node:fs';
import { initSync, Core } from '../pkg/appmixer_wasm.js';
import { defineAppmixer } from './facade.js';

let loaded;
function load() {
  loaded ??= new Promise((resolve) => {
    initSync({ module: readFileSync(new URL('../pkg/appmixer_wasm_bg.wasm', import.meta.url)) });
    resolve();
  });
  return loaded;
}

export const Appmixer = defineAppmixer(load, Core);
export { AppmixerError, isAppmixerError } from './error.js';
export default Appmixer;
