// Concurrency and memory (issue 6.5): many calls in flight settle correctly,
// and many sequential calls leave the wasm memory where it was.
import { equal } from '../assert.mjs';
import { signedInUser } from '../emulator-client.mjs';

export default function define(test, { Appmixer, wasmMemoryBytes, emulatorUrl }) {
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
}
