// Server faults, cancellation, time limits and retries (issue 6.2–6.4),
// driven by the emulator's fault injection. Each case: the promise settles
// with the contract's shape, `error` fires exactly once, nothing hangs.
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, signedInUser } from '../emulator-client.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  async function signedIn(config = {}) {
    const { appmixer } = await signedInUser(Appmixer, emulatorUrl, 'faults', config);
    const events = [];
    appmixer.api.on('error', (e) => events.push(e));
    return { api: appmixer.api, events, appmixer };
  }

  /** Runs `fn` with the faults armed, always clearing them after. */
  async function withFaults(rules, fn) {
    await emu.clearFaults();
    try {
      for (const rule of rules) await emu.fault(rule);
      return await fn();
    } finally {
      await emu.clearFaults();
    }
  }

  /** Waits until the emulator marks a request to `path` after `seq` as aborted by the client. */
  async function sawAbort(seq, path) {
    for (let i = 0; i < 40; i++) {
      const recs = (await emu.since(seq)).filter((r) => r.path === path);
      if (recs.some((r) => r.aborted === true)) return true;
      await sleep(50);
    }
    return false;
  }

  test('HTTP fault statuses reject with the status, the Boom body and one error event', async () => {
    const { api, events } = await signedIn();
    let cases = 0;
    for (const status of [400, 401, 403, 404, 409, 429, 500, 503]) {
      const err = await withFaults([{ method: 'GET', path: '/user', fault: { status } }], () => rejects(api.getUser()));
      equal(err.code, status);
      equal(err.response.status, status);
      equal(err.response.data.statusCode, status);
      equal(err.response.data.message, 'Injected fault');
      equal(err.message, `Request failed with status code ${status}`);
      if (status === 429 || status === 503) equal(err.response.headers['retry-after'], '1');
      cases++;
    }
    equal(events.length, cases, 'one error event per failed call');
    console.log(`fault matrix: ${cases} HTTP statuses, each rejected with its Boom body and one error event`);
  });

  test('malformed, empty, HTML and wrong-content-type answers', async () => {
    const { api, events } = await signedIn();
    const html = await withFaults([{ path: '/user', fault: { kind: 'html' } }], () => rejects(api.getUser()));
    equal(html.code, 502);
    ok(typeof html.response.data === 'string' && html.response.data.includes('<html'), 'HTML body kept as text');

    const malformed = await withFaults([{ path: '/user', fault: { kind: 'malformed-json' } }], () => api.getUser());
    equal(malformed, '{"broken":', 'a success body that is not JSON resolves as text, as axios does');
    const empty = await withFaults([{ path: '/user', fault: { kind: 'empty' } }], () => api.getUser());
    equal(empty, '');
    const page = await withFaults([{ path: '/user', fault: { kind: 'wrong-content-type' } }], () => api.getUser());
    ok(typeof page === 'string' && page.length > 0);
    equal(events.length, 1, 'only the 502 failed');

    // A method that needs a field of the body cannot use such answers.
    const bad = await withFaults([{ method: 'POST', path: '/flows', fault: { kind: 'malformed-json' } }], () => rejects(api.createFlow('x')));
    equal(bad.code, 'ERR_BAD_RESPONSE');
    equal(bad.response.status, 200);
    const none = await withFaults([{ method: 'POST', path: '/stores', fault: { kind: 'empty' } }], () => rejects(api.createStore('x')));
    equal(none.code, 'ERR_BAD_RESPONSE');
    equal(events.length, 3);
  });

  test('a delay answers late; a dropped connection is ERR_NETWORK', async () => {
    const { api, events } = await signedIn();
    const started = Date.now();
    const user = await withFaults([{ path: '/user', fault: { kind: 'delay', ms: 300 } }], () => api.getUser());
    ok(user.id && Date.now() - started >= 290, 'resolved after the delay');
    // times: 10, because browsers silently resend a GET when a reused keep-alive connection closes.
    const err = await withFaults([{ path: '/user', times: 10, fault: { kind: 'drop' } }], () => rejects(api.getUser()));
    equal(err.code, 'ERR_NETWORK');
    equal(err.response, undefined);
    equal(events.length, 1);
  });

  test('abort: ERR_CANCELED, and the emulator sees the connection close', async () => {
    const { api, events } = await signedIn();
    await withFaults([{ path: '/user', fault: { kind: 'hang' } }], async () => {
      const seq = await emu.lastSeq();
      const controller = new AbortController();
      const pending = api.getUser({ signal: controller.signal });
      await sleep(150);
      controller.abort();
      const err = await rejects(pending);
      equal(err.code, 'ERR_CANCELED');
      ok(await sawAbort(seq, '/user'), 'the request was really aborted (connection closed)');
    });
    equal(events.length, 1);
  });

  test('timeouts: per call and from the config → ECONNABORTED, the fetch is aborted', async () => {
    const { api, events, appmixer } = await signedIn();
    await withFaults([{ path: '/user', times: 2, fault: { kind: 'hang' } }], async () => {
      const seq = await emu.lastSeq();
      const started = Date.now();
      const err = await rejects(api.getUser({ timeout: 200 }));
      equal(err.code, 'ECONNABORTED');
      equal(err.message, 'timeout of 200ms exceeded');
      ok(Date.now() - started < 2000, 'did not hang');
      ok(await sawAbort(seq, '/user'), 'the emulator saw the connection close');
      appmixer.set('timeout', 150);
      const fromConfig = await rejects(api.getUser());
      equal(fromConfig.code, 'ECONNABORTED');
    });
    appmixer.set('timeout', undefined);
    equal(events.length, 2);
    ok((await api.getUser()).id, 'works again');
  });

  test('polling stops when aborted', async () => {
    const { api } = await signedIn({ pollInterval: 5000 });
    const flowId = await api.createFlow('auth', { s: { type: 'appmixer.slack.list.SendChannelMessage', label: 'S', source: {}, x: 0, y: 0, config: {} } });
    const controller = new AbortController();
    const seq = await emu.lastSeq();
    const started = Date.now();
    const pending = api.getFlowAuthentication(flowId, { signal: controller.signal });
    await sleep(200); // the first status answer is "pending": the SDK now waits 5 s
    controller.abort();
    const err = await rejects(pending);
    equal(err.code, 'ERR_CANCELED');
    ok(Date.now() - started < 2000, 'the wait ended at the abort');
    await sleep(100);
    const statusCalls = (await emu.since(seq)).filter((r) => r.path.startsWith('/auth/flow/status/'));
    equal(statusCalls.length, 1, 'no status request after the abort');
  });

  test('retries (opt-in): idempotent methods retry transient failures; POST never; one event per call', async () => {
    const { api, events } = await signedIn({ retry: { limit: 2, baseDelay: 10, maxDelay: 200 } });
    const count = async (seq, method, path) => (await emu.since(seq)).filter((r) => r.method === method && r.path === path).length;

    let seq = await emu.lastSeq();
    const user = await withFaults([{ method: 'GET', path: '/user', times: 2, fault: { status: 503, headers: { 'retry-after': '0' } } }], () => api.getUser());
    ok(user.id, 'succeeded on the third attempt');
    equal(await count(seq, 'GET', '/user'), 3);
    equal(events.length, 0, 'no error event for a call that succeeded');

    seq = await emu.lastSeq();
    const gaveUp = await withFaults([{ method: 'GET', path: '/user', times: 5, fault: { status: 500 } }], () => rejects(api.getUser()));
    equal(gaveUp.code, 500);
    equal(await count(seq, 'GET', '/user'), 3, '1 + limit attempts');
    equal(events.length, 1, 'error fires once per failed call, not per attempt');

    seq = await emu.lastSeq();
    const dropped = await withFaults([{ method: 'GET', path: '/user', times: 1, fault: { kind: 'drop' } }], () => api.getUser());
    ok(dropped.id, 'network errors are retried');

    seq = await emu.lastSeq();
    const post = await withFaults([{ method: 'POST', path: '/flows', times: 1, fault: { status: 503 } }], () => rejects(api.createFlow('x')));
    equal(post.code, 503);
    equal(await count(seq, 'POST', '/flows'), 1, 'POST is never retried');

    seq = await emu.lastSeq();
    const notTransient = await withFaults([{ method: 'GET', path: '/user', times: 1, fault: { status: 404 } }], () => rejects(api.getUser()));
    equal(notTransient.code, 404);
    equal(await count(seq, 'GET', '/user'), 1, '4xx other than 408/429 is not retried');

    // Retry-After is honoured up to maxDelay (200 ms here; the fault says 1 s).
    const started = Date.now();
    await withFaults([{ method: 'GET', path: '/user', times: 1, fault: { status: 429 } }], () => api.getUser());
    const waited = Date.now() - started;
    ok(waited >= 190 && waited < 900, `waited ${waited} ms: Retry-After capped at maxDelay`);
    equal(events.length, 3);
  });

  test('retries are off by default (as in the official SDK)', async () => {
    const { api } = await signedIn();
    const seq = await emu.lastSeq();
    const err = await withFaults([{ method: 'GET', path: '/user', times: 3, fault: { status: 503 } }], () => rejects(api.getUser()));
    equal(err.code, 503);
    deepEqual((await emu.since(seq)).filter((r) => r.path === '/user').length, 1);
  });
}
