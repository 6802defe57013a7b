// The in-page half of the bench (bench/run.mjs drives it through Playwright).
// Three clients make the same requests against the emulator:
//   sdk   - this package (`new Appmixer(...).api`, loaded from /dist/appmixer.mjs, the shipped browser entry);
//   fetch - raw `fetch` + `res.ok` check + `res.json()`;
//   axios - what the official SDK is built on: `axios.create({baseURL,
//           headers: {Authorization}})` and `.get(...).then(r => r.data)`,
//           axios's own browser ESM build (default adapter: XHR).
// Every phase interleaves the clients (rotating through all 6 orders) so
// machine noise hits all of them alike, and every result is checked after its
// timer stops; a failed or wrong answer is counted, never silently timed.
import { Appmixer, wasmDiagnostics } from '/dist/appmixer.mjs';
import axios from '/node_modules/axios/dist/esm/axios.min.js';

export const KINDS = ['sdk', 'fetch', 'axios'];
const ORDERS = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
const order = (i, kinds) => (kinds.length === 3 ? ORDERS[i % 6].map((k) => kinds[k]) : i % 2 ? [...kinds].reverse() : kinds);
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function makeClients(baseUrl, token) {
  const api = new Appmixer({ baseUrl, accessToken: token }).api;
  const headers = { Authorization: `Bearer ${token}` };
  const get = async (path) => {
    const res = await fetch(baseUrl + path, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status} for GET ${path}`);
    return res.json();
  };
  const ax = axios.create({ baseURL: baseUrl, headers: { Authorization: `Bearer ${token}` } });
  return {
    sdk: {
      getUser: () => api.getUser(),
      getFlows: (query) => api.getFlows(query),
      getFlow: (id) => api.getFlow(id),
    },
    fetch: {
      getUser: () => get('/user'),
      getFlows: (query) => get(`/flows?${new URLSearchParams(query)}`),
      getFlow: (id) => get(`/flows/${encodeURIComponent(id)}`),
    },
    axios: {
      getUser: () => ax.get('/user').then((r) => r.data),
      getFlows: (query) => ax.get('/flows', { params: query }).then((r) => r.data),
      getFlow: (id) => ax.get(`/flows/${encodeURIComponent(id)}`).then((r) => r.data),
    },
  };
}

let clients;
let user;

/** Failure bookkeeping: a count per client and the first few messages. */
function failures() {
  const f = { count: Object.fromEntries(KINDS.map((k) => [k, 0])), calls: Object.fromEntries(KINDS.map((k) => [k, 0])), examples: [] };
  f.add = (kind, ok, what) => {
    f.calls[kind]++;
    if (ok) return;
    f.count[kind]++;
    if (f.examples.length < 5) f.examples.push(`${kind}: ${what}`);
  };
  f.json = () => ({ calls: f.calls, failed: f.count, examples: f.examples });
  return f;
}
const why = (e) => (e && (e.code || e.message) ? `${e.code ?? ''} ${e.message ?? ''}`.trim() : String(e));

/** One timed call: [ms, ok, reason]. The check runs after the timer stops. */
async function timed(fn, check) {
  const t0 = now();
  try {
    const value = await fn();
    const ms = now() - t0;
    return check(value) ? [ms, true] : [ms, false, 'unexpected answer'];
  } catch (e) {
    return [now() - t0, false, why(e)];
  }
}

/** A ~`bytes`-long flow descriptor: a chain of 4 components with some config. */
export function descriptor(n, bytes) {
  const ids = [0, 1, 2, 3].map((k) => `c${n}-${k}-${'x'.repeat(8)}`);
  const flow = {};
  ids.forEach((id, k) => {
    flow[id] = {
      type: ['appmixer.utils.controls.OnStart', 'appmixer.utils.http.Request', 'appmixer.utils.json.Transform', 'appmixer.utils.test.ProcessE2EResults'][k],
      label: `Step ${k + 1} of flow ${n}`,
      source: k ? { in: { [ids[k - 1]]: ['out'] } } : {},
      x: 100 + 180 * k,
      y: 120 + (n % 7) * 10,
      config: { properties: { url: `https://example.com/api/v1/items/${n}/${k}`, method: 'POST' }, transform: { text: '' } },
    };
  });
  const base = JSON.stringify(flow).length;
  const pad = Math.max(0, bytes - base);
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
  ids.forEach((id, k) => {
    const len = Math.floor(pad / 4) + (k === 3 ? pad % 4 : 0);
    flow[id].config.transform.text = words.repeat(Math.ceil(len / words.length) + 1).slice(0, len);
  });
  return flow;
}

/** A fresh user with `count` flows, created through the SDK, `concurrency` at a time. */
export async function seed({ baseUrl, count, concurrency, descriptorBytes }) {
  const t0 = now();
  const pub = new Appmixer({ baseUrl }).api;
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const signup = await pub.signupUser(email, 'bench-password-1234');
  const api = new Appmixer({ baseUrl, accessToken: signup.token }).api;
  const flowIds = new Array(count);
  const f = failures();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const id = await api.createFlow(`Bench flow ${String(i).padStart(4, '0')}`, descriptor(i, descriptorBytes));
        flowIds[i] = id;
        f.add('sdk', typeof id === 'string' && id.length > 0, 'createFlow gave no id');
      } catch (e) {
        f.add('sdk', false, `createFlow: ${why(e)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const sample = JSON.stringify(descriptor(0, descriptorBytes)).length;
  return { email, userId: signup.id, token: signup.token, flowIds: flowIds.filter(Boolean), ms: now() - t0, descriptorBytes: sample, failures: f.json() };
}

export function init({ baseUrl, token, userId }) {
  clients = makeClients(baseUrl, token);
  user = { id: userId };
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, userAgent: navigator.userAgent };
}

/** Timer resolution actually seen: smallest non-zero step of performance.now(). */
export function timerResolution() {
  let min = Infinity;
  let last = now();
  for (let i = 0; i < 200000 && min > 0.001; i++) {
    const t = now();
    if (t !== last) {
      min = Math.min(min, t - last);
      last = t;
    }
  }
  return min;
}

const isUser = (u) => u && u.id === user.id && typeof u.username === 'string';

/** getUser, one call at a time, the clients taking turns call by call. */
export async function smallCalls({ n, warmup, kinds = KINDS }) {
  const f = failures();
  const ms = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < warmup + n; i++) {
    for (const k of order(i, kinds)) {
      const [t, ok, reason] = await timed(clients[k].getUser, isUser);
      f.add(k, ok, `getUser: ${reason}`);
      if (i >= warmup) ms[k].push(t);
    }
  }
  return { ms, failures: f.json() };
}

/** getFlows({limit}) returning every seeded flow, clients taking turns run by run. */
export async function largeResult({ runs, warmup, limit, kinds = KINDS }) {
  const f = failures();
  const ms = Object.fromEntries(kinds.map((k) => [k, []]));
  const check = (list) => Array.isArray(list) && list.length === limit && typeof list[limit - 1]?.flowId === 'string' && typeof list[0]?.flow === 'object';
  for (let i = 0; i < warmup + runs; i++) {
    for (const k of order(i, kinds)) {
      const [t, ok, reason] = await timed(() => clients[k].getFlows({ limit }), check);
      f.add(k, ok, `getFlows: ${reason}`);
      if (i >= warmup) ms[k].push(t);
      await sleep(5); // let the previous 5 MB answer's garbage go before the next client
    }
  }
  return { ms, failures: f.json() };
}

/** Bytes of the getFlows answer on the wire (the emulator does not compress). */
export async function answerBytes({ baseUrl, token, limit }) {
  const res = await fetch(`${baseUrl}/flows?limit=${limit}`, { headers: { Authorization: `Bearer ${token}` } });
  return (await res.arrayBuffer()).byteLength;
}

/** `ids.length` getFlow calls at once (Promise.allSettled), clients taking turns round by round. */
export async function concurrency({ rounds, warmup, ids, kinds = KINDS }) {
  const f = failures();
  const ms = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < warmup + rounds; i++) {
    for (const k of order(i, kinds)) {
      const get = clients[k].getFlow;
      const t0 = now();
      const settled = await Promise.allSettled(ids.map((id) => get(id)));
      const t = now() - t0;
      settled.forEach((s, j) => {
        if (s.status === 'rejected') f.add(k, false, `getFlow: ${why(s.reason)}`);
        else f.add(k, s.value?.flowId === ids[j], 'getFlow: wrong flow');
      });
      if (i >= warmup) ms[k].push(t);
      await sleep(20);
    }
  }
  return { ms, failures: f.json() };
}

async function collect() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(30); // lets FinalizationRegistry callbacks and pending tasks run
  }
  globalThis.gc();
}


/**
 * `n` sequential getUser calls with one client, JS heap (after forced GC) and,
 * for the SDK, wasm linear memory and the externref table sampled before,
 * during (every n/5 calls) and after.
 */
export async function memory({ kind, n, warmup }) {
  if (typeof globalThis.gc !== 'function') throw new Error('gc() is not exposed (launch Chromium with --js-flags=--expose-gc)');
  const f = failures();
  const get = clients[kind].getUser;
  for (let i = 0; i < warmup; i++) {
    const [, ok, reason] = await timed(get, isUser);
    f.add(kind, ok, `getUser: ${reason}`);
  }
  const sample = async (calls) => {
    await collect();
    const wasm = kind === 'sdk' ? await wasmDiagnostics() : null;
    return {
      calls,
      jsHeap: performance.memory.usedJSHeapSize,
      wasmMemory: wasm ? wasm.memoryBytes : null,
      externrefTable: wasm ? wasm.externrefs : null,
    };
  };
  const samples = [await sample(0)];
  const step = Math.max(1, Math.floor(n / 5));
  for (let i = 1; i <= n; i++) {
    const [, ok, reason] = await timed(get, isUser);
    f.add(kind, ok, `getUser: ${reason}`);
    if (i % step === 0 || i === n) samples.push(await sample(i));
  }
  return { samples, failures: f.json() };
}
