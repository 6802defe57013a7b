// Beyond the official SDK (issue 7): telemetry events and the single-flight
// token refresh hook.
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, signedInUser } from '../emulator-client.mjs';

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  const credentials = () => signedInUser(Appmixer, emulatorUrl, 'extras');

  test('request and response events carry method, redacted URL, status and duration', async () => {
    const { token } = await credentials();
    const appmixer = new Appmixer({ baseUrl: emulatorUrl, accessToken: token });
    const seen = [];
    appmixer.api.on('request', (e) => seen.push(['request', e]));
    appmixer.api.on('response', (e) => seen.push(['response', e]));
    await appmixer.api.getFlows({ limit: 1 });
    await rejects(appmixer.api.getFlow('missing-id'));
    deepEqual(seen.map(([name, e]) => `${name} ${e.apiMethod} ${e.method} ${e.status ?? ''}`.trim()), [
      'request getFlows GET',
      'response getFlows GET 200',
      'request getFlow GET',
      'response getFlow GET 404',
    ]);
    equal(seen[0][1].url, `${emulatorUrl}/flows?limit=1`);
    ok(seen.every(([, e]) => !JSON.stringify(e).includes(token)), 'no token in telemetry');
    ok(typeof seen[1][1].duration === 'number' && seen[1][1].duration >= 0);
  });

  test('refreshAccessToken: one refresh shared by concurrent 401s, then one replay each', async () => {
    const { username, id } = await credentials();
    let refreshes = 0;
    const appmixer = new Appmixer({
      baseUrl: emulatorUrl,
      accessToken: await emu.mintToken(id, -10), // expired
      async refreshAccessToken() {
        refreshes++;
        const fresh = new Appmixer({ baseUrl: emulatorUrl });
        return (await fresh.api.authenticateUser(username, 'pw')).token;
      },
    });
    let errors = 0;
    appmixer.api.on('error', () => errors++);
    const seq = await emu.lastSeq();
    const users = await Promise.all(Array.from({ length: 5 }, () => appmixer.api.getUser()));
    ok(users.every((u) => u.id === id), 'every call succeeded after the refresh');
    equal(refreshes, 1, 'a single refresh');
    equal(errors, 0);
    const gets = (await emu.since(seq)).filter((r) => r.path === '/user' && r.method === 'GET');
    equal(gets.length, 10, '5 rejected + 5 replayed');
    equal(gets.filter((r) => r.userId === id).length, 5);
    ok(appmixer.get('accessToken') !== null && appmixer.get('user').id === id, 'the new token is stored');
  });

  test('refreshAccessToken failing leaves the original 401', async () => {
    const appmixer = new Appmixer({
      baseUrl: emulatorUrl,
      accessToken: 'bad.token.here',
      refreshAccessToken: async () => {
        throw new Error('refresh failed');
      },
    });
    const events = [];
    appmixer.api.on('error', (e) => events.push(e));
    const err = await rejects(appmixer.api.getUser());
    equal(err.code, 401);
    equal(events.length, 1);
  });

  test('api.iterate pages through a list until the end and honours abort', async () => {
    const { token } = await credentials();
    const { api } = new Appmixer({ baseUrl: emulatorUrl, accessToken: token });
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const n of names) await api.createFlow(n);
    const seq = await emu.lastSeq();
    const seen = [];
    for await (const flow of api.iterate('getFlows', { limit: 2, sort: 'name:1' })) seen.push(flow.name);
    deepEqual(seen, names);
    const pages = (await emu.since(seq)).map((r) => r.query);
    deepEqual(pages, ['limit=2&sort=name%3A1&offset=0', 'limit=2&sort=name%3A1&offset=2', 'limit=2&sort=name%3A1&offset=4']);

    const storeId = await api.createStore('iter');
    for (let i = 0; i < 7; i++) await api.createStoreItem(storeId, `k${i}`, String(i));
    let n = 0;
    for await (const rec of api.iterate('getStoreRecords', { storeId, limit: 3, sort: 'key:1' })) {
      equal(rec.key, `k${n++}`);
    }
    equal(n, 7);

    const controller = new AbortController();
    const partial = [];
    const err = await rejects((async () => {
      for await (const flow of api.iterate('getFlows', { limit: 2 }, { signal: controller.signal })) {
        partial.push(flow.name);
        if (partial.length === 3) controller.abort();
      }
    })());
    equal(err.code, 'ERR_CANCELED');
    equal(partial.length, 3);
    const bad = await rejects(api.iterate('getUser').next());
    equal(bad.code, 'ERR_INVALID_ARG');
  });
}
