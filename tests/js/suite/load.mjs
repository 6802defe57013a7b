// Concurrency and memory (issue 6.5): many calls in flight settle correctly,
// and many sequential calls leave the wasm memory where it was.
import { equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, observeOne, signedInUser } from '../emulator-client.mjs';

export default function define(test, { Appmixer, wasmMemoryBytes, wasmDiagnostics, emulatorUrl }) {
  test('1,000 concurrent calls all settle with the right value', async () => {
    const { api } = await signedInUser(Appmixer, emulatorUrl, 'load');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await api.createFlow(`flow ${i}`));
    let errors = 0;
    api.on('error', () => errors++);
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 9 ? api.getFlow(`missing-${i}`).then(() => 'resolved', (e) => e.code) : api.getFlow(ids[i % 5]).then((f) => f.name),
    );
    const results = await Promise.all(calls);
    for (let i = 0; i < 1000; i++) {
      equal(results[i], i % 10 === 9 ? 404 : `flow ${i % 5}`, `call ${i}`);
    }
    equal(errors, 100, 'one error event per failed call');
  });

  test('10,000 sequential calls leave the wasm memory where it was', async () => {
    const { api } = await signedInUser(Appmixer, emulatorUrl, 'memory');
    for (let i = 0; i < 1000; i++) await api.getUser(); // warm-up: allocator pools settle
    await api.getFlow('missing').catch(() => {});
    const before = await wasmMemoryBytes();
    for (let i = 0; i < 10000; i++) {
      if (i % 50 === 0) await api.getFlow('missing').catch(() => {});
      else await api.getUser();
    }
    const after = await wasmMemoryBytes();
    console.log(`wasm memory: ${before} B before, ${after} B after 10,000 calls`);
    equal(after, before, 'no growth');
  });

  // The shipped build has its own allocator (src/heap.rs): strings in every
  // size class, across the 32 KiB class limit and into a whole page, grown
  // by realloc while the URL is built, must arrive intact, and the same
  // sizes again must reuse the freed blocks.
  test('URLs of every allocator size class arrive intact and reuse memory', async () => {
    const emu = emulatorClient(emulatorUrl);
    const { api } = await signedInUser(Appmixer, emulatorUrl, 'heap');
    const lengths = [1, 15, 16, 17, 31, 33, 1000, 4096, 16383, 16385, 32768, 40000, 60000];
    const patterns = lengths.flatMap((n) => ['a'.repeat(n), 'é'.repeat(Math.floor(n / 6))]).filter(Boolean);
    // Big and small alternate, so page blocks are freed and taken again between small ones.
    const order = [...patterns, ...patterns.slice().reverse()];
    // The first round is checked on the wire too; the next ones only for memory.
    for (const pattern of order) {
      const { req, result } = await observeOne(emu, () => api.getFlows({ pattern }));
      deepEqual(result, [], `pattern of ${pattern.length} chars`);
      equal(req.query, `pattern=${encodeURIComponent(pattern)}`, `the query of ${pattern.length} chars`);
    }
    const before = await wasmMemoryBytes();
    for (let i = 0; i < 5; i++) {
      for (const pattern of order) deepEqual(await api.getFlows({ pattern }), [], `pattern of ${pattern.length} chars`);
    }
    const after = await wasmMemoryBytes();
    equal(after, before, 'the same sizes again take no new memory');
  });

  // Each way a call can end (the refresh-and-replay, an HTTP error, an
  // abort, a bad argument, `_request`, retries that run out, a timeout, with
  // telemetry on) must give back what it took: no wasm memory, no JS values
  // held by the core.
  test('every way a call ends leaves wasm memory and the held JS values where they were', async () => {
    const emu = emulatorClient(emulatorUrl);
    const { appmixer, api, username, token } = await signedInUser(Appmixer, emulatorUrl, 'endings');
    appmixer.set('refreshAccessToken', async () => token);
    appmixer.set('retry', { limit: 1, baseDelay: 1 });
    const events = { request: 0, error: 0 };
    api.on('request', () => events.request++);
    api.on('error', () => events.error++);
    const aborted = AbortSignal.abort();
    const round = async () => {
      appmixer.set('accessToken', 'expired.token.here');
      equal((await api.getUser()).username, username, 'refreshed and replayed');
      equal((await rejects(api.getFlow('missing'))).code, 404);
      equal((await rejects(api.getUser({ signal: aborted }))).code, 'ERR_CANCELED');
      equal((await rejects(api.getFlow(42))).code, 'ERR_INVALID_ARG');
      equal((await api._request({ url: '/user' })).username, username);
      equal((await rejects(api.getFlows({ limit: 1 }))).code, 500, 'retried once, then the 500');
      equal((await rejects(api.getStores({ timeout: 20 }))).code, 'ECONNABORTED');
    };
    const rounds = { warmup: 20, measured: 60 };
    const total = rounds.warmup + rounds.measured;
    await emu.clearFaults();
    try {
      await emu.fault({ method: 'GET', path: '/flows', times: 2 * total, fault: { status: 500 } });
      await emu.fault({ method: 'GET', path: '/stores', times: total, fault: { kind: 'hang' } });
      for (let i = 0; i < rounds.warmup; i++) await round();
      const before = await wasmDiagnostics();
      for (let i = 0; i < rounds.measured; i++) await round();
      const after = await wasmDiagnostics();
      console.log(`after ${rounds.measured} rounds of 7 endings: wasm memory ${before.memoryBytes} -> ${after.memoryBytes} B, externref table ${before.externrefs} -> ${after.externrefs}`);
      deepEqual(after, before, 'no growth');
    } finally {
      await emu.clearFaults();
    }
    // Per round, 8 attempts (the 401 and its replay, the 404, the aborted
    // one, `_request`, the 500 and its retry, the timeout) and 4 failed
    // calls (the bad argument rejects before any request, with no event).
    deepEqual(events, { request: 8 * total, error: 4 * total });
  });
}
