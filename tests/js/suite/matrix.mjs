// The bad-input matrix (issue 6.1): every public method, every argument
// position, every odd value. Each call either sends the correct request
// (valid-but-odd strings, percent-encoded) or rejects with ERR_INVALID_ARG
// naming the method and the argument, without a request.
import { ok, equal } from '../assert.mjs';
import { emulatorClient, signedInUser } from '../emulator-client.mjs';

// Argument kinds per method, in order. `id`: a string path segment; `str`: a
// string sent in a body; `?` marks optional; `value`: any JSON-able value.
export const SCHEMA = {
  authenticateUser: ['str', 'str'],
  signupUser: ['str', 'str'],
  getUser: [],
  createFlow: ['str', 'object?', 'object?'],
  deleteFlow: ['id'],
  getFlow: ['id'],
  getFlows: ['object?'],
  getFlowsCount: ['object?'],
  updateFlow: ['id', 'object'],
  startFlow: ['id'],
  stopFlow: ['id'],
  cloneFlow: ['id', 'object?'],
  getFlowAuthentication: ['id'],
  getStores: [],
  getStore: ['id'],
  getStoreRecordsCount: ['object'],
  getStoreRecords: ['object'],
  createStore: ['str'],
  deleteStore: ['id'],
  renameStore: ['id', 'str'],
  createStoreItem: ['id', 'id', 'value'],
  deleteStoreItems: ['array'],
  createAccount: ['object?', 'object'],
  getAccounts: ['object?'],
  getComponentAccounts: ['id', 'qstr?'],
  getAccountFlows: ['id'],
  setAccountName: ['id', 'str'],
  getAuth: ['id'],
  getLogs: ['object?'],
  getLog: ['id', 'id'],
  getPeopleTasks: ['object?'],
  getPeopleTasksCount: ['object?'],
  getPeopleTask: ['id'],
  approveTask: ['id', 'object?'],
  rejectTask: ['id', 'object?'],
  getCharts: [],
  getChart: ['id'],
  deleteChart: ['id'],
  sendAppEvent: ['id', 'object?', 'object?'],
};

const BIG = 'x'.repeat(1024 * 1024);
const ODD_STRINGS = { '1 MB string': BIG, '../': '../', '/': 'a/b', '?': 'a?b=1', '#': 'a#b', '%': '100%', NUL: 'a\0b', emoji: '😀🚀' };
const NON_STRINGS = { undefined, null: null, number: 42, true: true, '{}': {}, '[]': [], function: () => 1 };

function validFor(kind, value) {
  const base = kind.replace('?', '');
  if (value === undefined && kind.endsWith('?')) return true;
  switch (base) {
    case 'str':
      return typeof value === 'string';
    case 'qstr': // a string sent in the query string
      return typeof value === 'string' && encodeURIComponent(value).length <= 60000;
    case 'id':
      return typeof value === 'string' && encodeURIComponent(value).length <= 60000;
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'value':
      return value !== undefined && typeof value !== 'function';
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

function baseArg(kind) {
  return { str: 'valid', 'qstr?': undefined, 'str?': undefined, id: 'valid-id', object: {}, 'object?': undefined, array: [], value: 'v' }[kind];
}

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  test('bad-input matrix: every method × argument position × odd value', async () => {
    const { api } = await signedInUser(Appmixer, emulatorUrl, 'matrix', { pollInterval: 5 });
    const listed = Object.keys(api).filter((k) => !['set', 'get', 'on', 'off', '_request', 'iterate'].includes(k));
    equal(listed.sort().join(), Object.keys(SCHEMA).sort().join(), 'the matrix covers every public method');
    let errorEvents = 0;
    api.on('error', () => errorEvents++);

    const values = { ...NON_STRINGS, ...ODD_STRINGS };
    let rejected = 0;
    let sent = 0;
    for (const [method, kinds] of Object.entries(SCHEMA)) {
      for (let pos = 0; pos < kinds.length; pos++) {
        for (const [label, value] of Object.entries(values)) {
          const args = kinds.map(baseArg);
          args[pos] = value;
          const seq = await emu.lastSeq();
          const events = errorEvents;
          let outcome;
          try {
            outcome = { value: await api[method](...args) };
          } catch (err) {
            outcome = { err };
          }
          const where = `${method} arg ${pos} (${kinds[pos]}) = ${label}`;
          const seen = await emu.since(seq);
          if (validFor(kinds[pos], value)) {
            sent++;
            ok(seen.length >= 1, `${where}: a request was sent`);
            if (outcome.err) {
              ok(typeof outcome.err.code === 'number' || outcome.err.code === 'ERR_BAD_RESPONSE', `${where}: settles with an HTTP error, got ${outcome.err.code} ${outcome.err.message}`);
            }
            if (kinds[pos] === 'id' && typeof value === 'string') {
              ok(seen.some((r) => r.path.includes(`/${encodeURIComponent(value)}`)), `${where}: the value travels as one encoded segment`);
            }
          } else {
            rejected++;
            ok(outcome.err, `${where}: rejects`);
            equal(outcome.err.code, 'ERR_INVALID_ARG', where);
            const argName = outcome.err.message.match(/argument '([^']+)'/)?.[1];
            ok(outcome.err.message.startsWith(`${method}:`) && argName, `${where}: message names method and argument: ${outcome.err.message}`);
            equal(seen.length, 0, `${where}: no request`);
            equal(errorEvents, events, `${where}: no error event`);
          }
        }
      }
    }
    console.log(`bad-input matrix: ${rejected + sent} cases (${rejected} rejected with ERR_INVALID_ARG, ${sent} sent)`);
    ok(rejected > 200 && sent > 100, 'the matrix is not empty');
    equal((await api.getUser()).email !== undefined, true, 'the same instance still completes a normal call');
  });

  test('forced internal errors (throwing getters, toJSON, toString, revoked proxies, bad dates, cycles) never poison the instance', async () => {
    const { api } = await signedInUser(Appmixer, emulatorUrl, 'poison');
    const cyclic = {};
    cyclic.self = cyclic;
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = { get limit() { throw new Error('getter boom'); } };
    const cases = [
      ['getFlows', () => api.getFlows(throwing)],
      ['getFlows', () => api.getFlows({ since: new Date(NaN) })],
      ['getFlows', () => api.getFlows({ pattern: { toJSON() { throw new Error('toJSON boom'); } } })],
      ['getFlows', () => api.getFlows({ filter: [{ toJSON() { throw new Error('boom'); } }] })],
      ['getFlows', () => api.getFlows(revoked)],
      ['updateFlow', () => api.updateFlow('id', cyclic)],
      ['updateFlow', () => api.updateFlow('id', { n: 10n })],
      ['createFlow', () => api.createFlow('n', {}, { get customFields() { throw new Error('spread boom'); } })],
      ['createStoreItem', () => api.createStoreItem('s', 'k', cyclic)],
      ['createStoreItem', () => api.createStoreItem('s', 'k', Symbol('x'))],
      ['getUser', () => api.getUser({ get signal() { throw new Error('opts boom'); } })],
      ['_request', () => api._request({ url: '/user', headers: { get a() { throw new Error('h'); } } })],
      ['_request', () => api._request({ get url() { throw new Error('url boom'); } })],
    ];
    for (const [method, call] of cases) {
      let err;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      ok(err, `${method}: rejects`);
      equal(err.code, 'ERR_INVALID_ARG', `${method}: ${err.message}`);
      ok(err.message.startsWith(`${method}:`), err.message);
      ok(!/unreachable|RuntimeError/.test(String(err)), String(err));
    }
    const users = await Promise.all(Array.from({ length: 20 }, () => api.getUser()));
    ok(users.every((u) => typeof u.id === 'string'), 'the instance still completes calls, concurrently');
    console.log(`forced internal errors: ${cases.length} cases, instance intact`);
  });
}
