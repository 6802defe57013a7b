// The package entry: instantiates the wasm core synchronously on first use
// (no init() for the user, no top-level await for bundlers), and gives each
// Appmixer one stable `api` object whose methods run in the core.
import { initSync, Core } from '../pkg/appmixer_wasm.js';
import wasmBase64 from '../pkg/appmixer_wasm_inline.js';
import { AppmixerError, isAppmixerError } from './error.js';

export { AppmixerError, isAppmixerError };

let loaded = false;

function load() {
  if (loaded) return;
  const binary = atob(wasmBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  initSync({ module: bytes });
  loaded = true;
}

function createApi(core, overrides) {
  const api = {
    set(name, value) {
      core.set(name, value);
      return api;
    },
    get(name) {
      return core.get(name);
    },
    on(event, handler) {
      core.on(event, handler);
      return api;
    },
    off(event, handler) {
      core.off(event, handler);
      return api;
    },
    // Custom API methods call this to reach the same pipeline (auth, errors, events).
    _request(options) {
      return core.request(options);
    },
  };
  for (const name of Core.methodNames()) {
    api[name] = (...args) => core.call(name, args);
  }
  if (overrides && typeof overrides === 'object') {
    for (const [name, fn] of Object.entries(overrides)) {
      if (typeof fn === 'function') api[name] = fn;
    }
  }
  return api;
}

export class Appmixer {
  constructor(config = {}) {
    if (config === null || typeof config !== 'object') {
      throw new AppmixerError('new Appmixer: the config must be an object', 'ERR_INVALID_ARG');
    }
    load();
    const api = createApi(new Core(config), config.api);
    Object.defineProperty(this, 'api', { value: api, enumerable: true });
  }

  /** Forwards to `api.set` (the docs' auth recipe calls `appmixer.set('accessToken', token)`). */
  set(name, value) {
    this.api.set(name, value);
    return this;
  }

  get(name) {
    return this.api.get(name);
  }
}

export default Appmixer;
