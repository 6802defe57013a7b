// The Appmixer class and its `api` object, shared by the browser and Node
// entries (which differ only in how they load the wasm core).
//
// The configuration bag and the event handlers live here, in plain JS, so
// `set`/`get`/`on`/`off` work synchronously while the wasm is still loading;
// every method waits for the core, which reads the bag at each request and
// emits through `hooks`.
import { AppmixerError } from './error.js';
import methodNames from '../pkg/methods.js';

function invalid(message) {
  return new AppmixerError(message, 'ERR_INVALID_ARG');
}

function checkName(what, name) {
  if (typeof name !== 'string') throw invalid(`${what}: the name must be a string`);
}

/** `{id, scope}` from a JWT's payload (not verified), else null. */
function tokenUser(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? { id: payload.id, scope: payload.scope } : null;
  } catch {
    return null;
  }
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
    throw invalid(`iterate: '${method}' is not a paged list method (${Object.keys(PAGED).join(', ')})`);
  }
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw invalid(`iterate: argument 'query' must be an object`);
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

// Runs a call through the core's state machine: each step returns either the
// result or a promise (a fetch, a wait, a token refresh) whose outcome goes
// back into the next step; the error a step throws rejects the call.
async function drive(begin, core) {
  const call = begin(core);
  try {
    let ok = true;
    let input;
    for (;;) {
      const out = call.step(ok, input);
      if (!(out instanceof Promise)) return out;
      try {
        input = await out;
        ok = true;
      } catch (err) {
        input = err;
        ok = false;
      }
    }
  } finally {
    call.free();
  }
}

function createApi(config, load, Core) {
  const bag = new Map(Object.entries(config));
  const handlers = []; // [event, handler], in registration order
  const hooks = {
    // Handlers are copied first so they may call on/off/set; one that throws
    // is reported and the others still run.
    emit(event, payload) {
      for (const [name, handler] of handlers.slice()) {
        if (name !== event) continue;
        try {
          handler.call(undefined, payload);
        } catch (err) {
          console.error(`appmixer: an '${event}' handler threw`, err);
        }
      }
    },
    tracing: () => handlers.some(([name]) => name === 'request' || name === 'response'),
  };
  let core;
  // Once the core exists, calls go straight to it (no extra promise hop).
  const run = (begin) =>
    core
      ? drive(begin, core)
      : load().then(
          () => drive(begin, (core ??= new Core(bag, hooks))),
          (err) => Promise.reject(new AppmixerError(`appmixer-wasm: the WebAssembly core failed to load (${err?.message ?? err})`, 'ERR_LOAD')),
        );

  const api = {
    set(name, value) {
      checkName('set', name);
      bag.set(name, value);
      return api;
    },
    get(name) {
      checkName('get', name);
      if (name === 'user' && !bag.has('user')) return tokenUser(bag.get('accessToken'));
      return bag.get(name);
    },
    on(event, handler) {
      checkName('on', event);
      if (typeof handler !== 'function') throw invalid('on: the handler must be a function');
      handlers.push([event, handler]);
      return api;
    },
    /** Removes the latest registration of `handler`; unknown handlers are ignored. */
    off(event, handler) {
      for (let i = handlers.length - 1; i >= 0; i--) {
        if (handlers[i][0] === event && handlers[i][1] === handler) {
          handlers.splice(i, 1);
          break;
        }
      }
      return api;
    },
    // Custom API methods call this to reach the same pipeline (auth, errors, events).
    _request(options) {
      return run((c) => c.request(options));
    },
    /** Async iterator over every item of a paged list method (see PAGED). */
    iterate(method, query, opts) {
      return iterate(api, method, query, opts);
    },
  };
  // The core knows a method by its place in the table (no name to copy in).
  methodNames.forEach((name, index) => {
    api[name] = (...args) => run((c) => c.call(index, args));
  });
  if (config.api && typeof config.api === 'object') {
    for (const [name, fn] of Object.entries(config.api)) {
      if (typeof fn === 'function') api[name] = fn;
    }
  }
  return api;
}

/** The Appmixer class over a way to load the core (`load()` → Promise). */
export function defineAppmixer(load, Core) {
  return class Appmixer {
    constructor(config = {}) {
      if (config === null || typeof config !== 'object') {
        throw invalid('new Appmixer: the config must be an object');
      }
      Object.defineProperty(this, 'api', { value: createApi(config, load, Core), enumerable: true });
      // Start loading now; a failure is reported by the first call.
      load().catch(() => {});
    }

    /** Forwards to `api.set` (the docs' auth recipe calls `appmixer.set('accessToken', token)`). */
    set(name, value) {
      this.api.set(name, value);
      return this;
    }

    get(name) {
      return this.api.get(name);
    }
  };
}
