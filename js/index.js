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
    /** Async iterator over every item of a paged list method (see PAGED). */
    iterate(method, query, opts) {
      return iterate(api, method, query, opts);
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

// How each list method pages: the offset/limit keys, the page size used when
// the query sets none, and where the items are in a page.
const PAGED = {
  getFlows: { offset: 'offset', limit: 'limit', size: 100 },
  getStoreRecords: { offset: 'offset', limit: 'limit', size: 100 },
  getPeopleTasks: { offset: 'offset', limit: 'limit', size: 100 },
  getLogs: { offset: 'from', limit: 'size', size: 50, items: (page) => page?.hits },
  getCharts: { all: true },
};

async function* iterate(api, method, query = {}, opts = undefined) {
  const paging = PAGED[method];
  if (!paging) {
    throw new AppmixerError(`iterate: '${method}' is not a paged list method (${Object.keys(PAGED).join(', ')})`, 'ERR_INVALID_ARG');
  }
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw new AppmixerError(`iterate: argument 'query' must be an object`, 'ERR_INVALID_ARG');
  }
  const signal = opts?.signal;
  const canceled = () => new AppmixerError('canceled', 'ERR_CANCELED');
  if (paging.all) {
    for (const item of await api[method](opts)) {
      if (signal?.aborted) throw canceled();
      yield item;
    }
    return;
  }
  const size = query[paging.limit] ?? paging.size;
  let offset = query[paging.offset] ?? 0;
  for (;;) {
    const page = await api[method]({ ...query, [paging.offset]: offset, [paging.limit]: size }, opts);
    const items = (paging.items ? paging.items(page) : page) ?? [];
    for (const item of items) {
      if (signal?.aborted) throw canceled();
      yield item;
    }
    if (items.length < size || items.length === 0) return;
    offset += items.length;
  }
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
