// Flows (issue 3): every method against the emulator, checking the request it
// received and the value the promise resolved to.
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, observeOne, signedInUser } from '../emulator-client.mjs';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SLACK_FLOW = {
  'c-slack': { type: 'appmixer.slack.list.SendChannelMessage', label: 'Send', source: {}, x: 100, y: 100, config: {} },
  'c-timer': { type: 'appmixer.utils.timers.Timer', label: 'Timer', source: {}, x: 0, y: 100, config: {} },
};

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  const signedIn = (config = {}) => signedInUser(Appmixer, emulatorUrl, 'flows', config);

  /** The single non-preflight request `fn` caused, and its result. */
  const observe = (fn) => observeOne(emu, fn);

  test('createFlow posts {name, flow, ...properties} and resolves the new flowId', async () => {
    const { api, id } = await signedIn();
    const descriptor = { c1: { type: 'appmixer.utils.timers.Timer', label: 'T', source: {}, x: 1, y: 2, config: {} } };
    const { req, result: flowId } = await observe(() =>
      api.createFlow('First flow', descriptor, { customFields: { category: 'crm' } }),
    );
    ok(UUID.test(flowId), `flowId ${flowId}`);
    equal(`${req.method} ${req.path}`, 'POST /flows');
    equal(req.headers['content-type'], 'application/json');
    deepEqual(JSON.parse(req.body), { name: 'First flow', flow: descriptor, customFields: { category: 'crm' } });

    const flow = await api.getFlow(flowId);
    equal(flow.flowId, flowId);
    equal(flow.id, flowId, 'getFlow adds id');
    equal(flow.userId, id);
    equal(flow.name, 'First flow');
    equal(flow.stage, 'stopped');
    deepEqual(flow.flow, descriptor);
    deepEqual(flow.customFields, { category: 'crm' });
    ok(ISO_MS.test(flow.btime) && ISO_MS.test(flow.mtime), `${flow.btime} ${flow.mtime}`);
    ok(flow.thumbnail.startsWith('data:image/svg+xml'), 'thumbnail is an SVG data URI');
    deepEqual(flow.sharedWith, []);

    const { req: bare } = await observe(() => api.createFlow('Bare'));
    deepEqual(JSON.parse(bare.body), { name: 'Bare', flow: {} }, 'descriptor defaults to {}');
  });

  test('getFlows: limit/offset paging and sort forms', async () => {
    const { api } = await signedIn();
    for (const name of ['delta', 'Alpha', 'charlie', 'bravo', 'echo']) {
      await api.createFlow(name);
      await sleep(3); // distinct mtimes
    }
    const { req, result: page1 } = await observe(() => api.getFlows({ limit: 2, offset: 0, sort: 'name:1' }));
    equal(req.query, 'limit=2&offset=0&sort=name%3A1');
    deepEqual(page1.map((f) => f.name), ['Alpha', 'bravo']);
    const page2 = await api.getFlows({ limit: 2, offset: 2, sort: 'name:1' });
    deepEqual(page2.map((f) => f.name), ['charlie', 'delta']);
    const page3 = await api.getFlows({ limit: 2, offset: 4, sort: 'name:1' });
    deepEqual(page3.map((f) => f.name), ['echo']);
    deepEqual((await api.getFlows({ sort: 'name:-1' })).map((f) => f.name), ['echo', 'delta', 'charlie', 'bravo', 'Alpha']);
    deepEqual((await api.getFlows({ sort: 'mtime:-1', limit: 1 })).map((f) => f.name), ['echo']);
    deepEqual((await api.getFlows({ sort: 'mtime:1', limit: 1 })).map((f) => f.name), ['delta']);
    equal((await api.getFlows()).length, 5, 'no query → every flow');
  });

  test('getFlows: projection, pattern (substring or exact id), filter (dotted, negated, repeated)', async () => {
    const { api } = await signedIn();
    const crm = await api.createFlow('CRM sync', {}, { customFields: { category: 'crm', owner: 'ann' } });
    const mail = await api.createFlow('Mail digest', {}, { customFields: { category: 'mail', owner: 'ann' } });
    const other = await api.createFlow('crm backup', {}, { customFields: { category: 'crm', owner: 'bob' } });
    await api.startFlow(other);

    const { req, result: slim } = await observe(() => api.getFlows({ projection: '-flow,-thumbnail' }));
    equal(req.query, 'projection=-flow%2C-thumbnail');
    equal(slim.length, 3);
    for (const f of slim) ok(!('flow' in f) && !('thumbnail' in f) && 'name' in f, JSON.stringify(Object.keys(f)));

    const names = async (q) => (await api.getFlows({ ...q, sort: 'name:1' })).map((f) => f.name);
    deepEqual(await names({ pattern: 'CRM' }), ['CRM sync', 'crm backup'], 'pattern is case-insensitive');
    deepEqual(await names({ pattern: mail }), ['Mail digest'], 'pattern may be an exact flowId');
    deepEqual(await names({ filter: 'customFields.category:crm' }), ['CRM sync', 'crm backup']);
    deepEqual(await names({ filter: 'stage:!running' }), ['CRM sync', 'Mail digest'], 'negated filter');
    const { req: rep, result: both } = await observe(() =>
      api.getFlows({ filter: ['customFields.category:crm', 'customFields.owner:ann'] }),
    );
    equal(rep.query, 'filter=customFields.category%3Acrm&filter=customFields.owner%3Aann', 'arrays repeat the key');
    deepEqual(both.map((f) => f.flowId), [crm]);
    deepEqual(await names({ filter: 'customFields.owner:nobody' }), []);
  });

  test('query values are written as axios writes them (Dates, objects, arrays, null and undefined)', async () => {
    const { api } = await signedIn();
    const { req, result } = await observe(() =>
      api.getFlows({ limit: 5, since: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), meta: { a: [1, 'x'] }, on: true, skip: null, gone: undefined, tag: ['a b', null, 'ü'] }),
    );
    equal(
      req.query,
      'limit=5&since=2026-01-02T03%3A04%3A05.000Z&meta=%7B%22a%22%3A%5B1%2C%22x%22%5D%7D&on=true&tag=a%20b&tag=%C3%BC',
    );
    ok(Array.isArray(result), 'the extra keys do not break the call');
  });

  test('getFlowsCount applies pattern and filter', async () => {
    const { api } = await signedIn();
    await api.createFlow('one', {}, { customFields: { category: 'crm' } });
    await api.createFlow('two', {}, { customFields: { category: 'crm' } });
    await api.createFlow('three');
    const { req, result } = await observe(() => api.getFlowsCount({ filter: 'customFields.category:crm' }));
    equal(`${req.method} ${req.path}`, 'GET /flows/count');
    deepEqual(result, { count: 2 });
    deepEqual(await api.getFlowsCount(), { count: 3 });
    deepEqual(await api.getFlowsCount({ pattern: 'T' }), { count: 2 });
  });

  test('updateFlow sends the update as the body and bumps mtime', async () => {
    const { api } = await signedIn();
    const flowId = await api.createFlow('Before');
    const before = await api.getFlow(flowId);
    await sleep(5);
    const update = { name: 'After', customFields: { category: 'x' }, flow: SLACK_FLOW };
    const { req, result } = await observe(() => api.updateFlow(flowId, update));
    equal(`${req.method} ${req.path}`, `PUT /flows/${flowId}`);
    deepEqual(JSON.parse(req.body), update);
    equal(result.name, 'After');
    const after = await api.getFlow(flowId);
    equal(after.name, 'After');
    deepEqual(after.customFields, { category: 'x' });
    deepEqual(after.flow, SLACK_FLOW);
    ok(after.mtime > before.mtime, `${after.mtime} > ${before.mtime}`);
    equal(after.btime, before.btime);
  });

  test('startFlow / stopFlow post the coordinator command and change the stage', async () => {
    const { api } = await signedIn();
    const flowId = await api.createFlow('Runner', SLACK_FLOW);
    const { req, result } = await observe(() => api.startFlow(flowId));
    equal(result, flowId);
    equal(`${req.method} ${req.path}`, `POST /flows/${flowId}/coordinator`);
    deepEqual(JSON.parse(req.body), { command: 'start' });
    const running = await api.getFlow(flowId);
    equal(running.stage, 'running');
    ok(ISO_MS.test(running.started), 'started is set');
    await sleep(5);
    const { req: stopReq, result: stopped } = await observe(() => api.stopFlow(flowId));
    equal(stopped, flowId);
    deepEqual(JSON.parse(stopReq.body), { command: 'stop' });
    const after = await api.getFlow(flowId);
    equal(after.stage, 'stopped');
    ok(after.mtime > running.mtime, 'mtime changes on stop');
  });

  test('cloneFlow makes a stopped copy and resolves its id', async () => {
    const { api } = await signedIn();
    const flowId = await api.createFlow('Original', SLACK_FLOW, { customFields: { a: 1 } });
    await api.startFlow(flowId);
    const { req, result: cloneId } = await observe(() => api.cloneFlow(flowId, { connectAccounts: false }));
    equal(`${req.method} ${req.path}`, `POST /flows/${flowId}/clone`);
    deepEqual(JSON.parse(req.body), { connectAccounts: false });
    ok(UUID.test(cloneId) && cloneId !== flowId);
    const copy = await api.getFlow(cloneId);
    equal(copy.name, 'Copy of Original');
    equal(copy.stage, 'stopped');
    deepEqual(copy.flow, SLACK_FLOW);
    deepEqual(copy.customFields, { a: 1 });
    const { req: plain } = await observe(() => api.cloneFlow(flowId));
    deepEqual(JSON.parse(plain.body), {}, 'options default to {}');
  });

  test('deleteFlow removes the flow; then getFlow is a 404', async () => {
    const { api } = await signedIn();
    const flowId = await api.createFlow('Doomed');
    const { req } = await observe(() => api.deleteFlow(flowId));
    equal(`${req.method} ${req.path}`, `DELETE /flows/${flowId}`);
    const err = await rejects(api.getFlow(flowId));
    equal(err.response.status, 404);
    equal(err.code, 404);
    equal(err.response.data.statusCode, 404);
    deepEqual(await api.getFlowsCount(), { count: 0 });
  });

  test("another user's flow answers exactly like an unknown one (404)", async () => {
    const owner = await signedIn();
    const intruder = await signedIn();
    const flowId = await owner.api.createFlow('Private', SLACK_FLOW);
    for (const attempt of [
      () => intruder.api.getFlow(flowId),
      () => intruder.api.updateFlow(flowId, { name: 'pwned' }),
      () => intruder.api.startFlow(flowId),
      () => intruder.api.cloneFlow(flowId),
      () => intruder.api.deleteFlow(flowId),
    ]) {
      const err = await rejects(attempt());
      equal(err.response.status, 404);
      ok(!JSON.stringify(err.response.data).includes('Private'), 'no data of the owner');
    }
    const unknown = await rejects(intruder.api.getFlow('00000000-0000-4000-8000-000000000000'));
    deepEqual(unknown.response.data, (await rejects(intruder.api.getFlow(flowId))).response.data);
    deepEqual(await intruder.api.getFlows(), []);
    equal((await owner.api.getFlow(flowId)).name, 'Private', 'nothing changed');
  });

  test('IDs with /, ?, #, % and .. stay one percent-encoded path segment', async () => {
    const { api } = await signedIn();
    for (const [id, path] of [
      ['../user', '/flows/..%2Fuser'],
      ['a/../b?c=1#d', '/flows/a%2F..%2Fb%3Fc%3D1%23d'],
      ['100% ok', '/flows/100%25%20ok'],
    ]) {
      const seq = await emu.lastSeq();
      const err = await rejects(api.getFlow(id));
      equal(err.response?.status, 404, id);
      const [req] = await emu.since(seq);
      equal(req.path, path);
    }
    for (const bad of ['..', '.', '']) {
      equal((await rejects(api.getFlow(bad))).code, 'ERR_INVALID_ARG', JSON.stringify(bad));
    }
  });

  test('sharedWithPermissions includes flows other users shared', async () => {
    const appmixer = new Appmixer({ baseUrl: emulatorUrl });
    const { token, user } = await appmixer.api.authenticateUser('demo@example.com', 'demo1234');
    appmixer.set('accessToken', token);
    const own = await appmixer.api.getFlows();
    ok(own.every((f) => f.userId === user.id), 'without it: only own flows');
    const { req, result: withShared } = await observe(() => appmixer.api.getFlows({ sharedWithPermissions: 'read,start' }));
    equal(req.query, 'sharedWithPermissions=read%2Cstart');
    const shared = withShared.filter((f) => f.userId !== user.id);
    ok(shared.length >= 1, 'a flow shared by alice is listed');
    ok(shared.every((f) => f.sharedWith.some((s) => s.email === 'demo@example.com')));
    equal(withShared.length, own.length + shared.length);
  });

  test('getFlowAuthentication polls the ticket until done and resolves per component', async () => {
    const { api } = await signedIn({ pollInterval: 20 });
    const flowId = await api.createFlow('Needs slack', SLACK_FLOW);
    const seq = await emu.lastSeq();
    const result = await api.getFlowAuthentication(flowId);
    const seen = (await emu.since(seq)).map((r) => `${r.method} ${r.path.replace(/status\/[^/]+$/, 'status/:ticket')}`);
    equal(seen[0], `GET /auth/flow/${flowId}/poll`);
    ok(seen.length >= 3, `polled until done: ${seen.join(', ')}`);
    ok(seen.slice(1).every((s) => s === 'GET /auth/flow/status/:ticket'));
    equal(result.status, undefined, 'status is removed');
    deepEqual(Object.keys(result), ['c-slack'], 'only components that need an account');
    equal(result['c-slack'].componentType, 'appmixer.slack.list.SendChannelMessage');
    deepEqual(result['c-slack'].auth.accounts, {}, 'a new user has no accounts');
  });

  test('getFlowAuthentication rejects when the engine reports an error status', async () => {
    const { api } = await signedIn({ pollInterval: 300 });
    const flowId = await api.createFlow('Goes away', SLACK_FLOW);
    const events = [];
    api.on('error', (e) => events.push(e));
    const pending = api.getFlowAuthentication(flowId);
    await sleep(100); // the first status answer was "pending"; the SDK now waits
    await api.deleteFlow(flowId); // the engine then answers {status: "error"}
    const err = await rejects(pending);
    equal(err.code, 'ERR_BAD_RESPONSE');
    equal(err.response.status, 200);
    equal(err.response.data.status, 'error');
    equal(events.length, 1);
  });

  test("getFlowAuthentication lists the user's matching accounts (demo seed)", async () => {
    const appmixer = new Appmixer({ baseUrl: emulatorUrl, pollInterval: 10 });
    const { token } = await appmixer.api.authenticateUser('demo@example.com', 'demo1234');
    appmixer.set('accessToken', token);
    const flows = await appmixer.api.getFlows();
    const slack = flows.find((f) => Object.values(f.flow ?? {}).some((c) => c.type.startsWith('appmixer.slack.')));
    ok(slack, 'the demo seed has a flow with slack components');
    const result = await appmixer.api.getFlowAuthentication(slack.flowId);
    const entries = Object.values(result);
    ok(entries.length >= 1);
    for (const e of entries) {
      const accounts = Object.values(e.auth.accounts);
      ok(accounts.length >= 1, `accounts for ${e.componentType}`);
      ok(accounts.every((a) => typeof a.accountId === 'string' && 'accessTokenValid' in a));
    }
  });

  test('flow methods reject bad arguments with ERR_INVALID_ARG and send nothing', async () => {
    const { api } = await signedIn();
    const seq = await emu.lastSeq();
    for (const [call, method, arg] of [
      [() => api.getFlow(undefined), 'getFlow', 'flowId'],
      [() => api.getFlow(42), 'getFlow', 'flowId'],
      [() => api.createFlow({}), 'createFlow', 'name'],
      [() => api.createFlow('n', 'not an object'), 'createFlow', 'descriptor'],
      [() => api.createFlow('n', {}, []), 'createFlow', 'properties'],
      [() => api.getFlows('limit=5'), 'getFlows', 'query'],
      [() => api.getFlowsCount(null), 'getFlowsCount', 'query'],
      [() => api.updateFlow('id'), 'updateFlow', 'update'],
      [() => api.startFlow(null), 'startFlow', 'flowId'],
      [() => api.stopFlow(true), 'stopFlow', 'flowId'],
      [() => api.cloneFlow('id', 5), 'cloneFlow', 'options'],
      [() => api.deleteFlow(() => 1), 'deleteFlow', 'flowId'],
      [() => api.getFlowAuthentication({}), 'getFlowAuthentication', 'flowId'],
    ]) {
      const err = await rejects(call());
      equal(err.code, 'ERR_INVALID_ARG', `${method} ${arg}`);
      ok(err.message.startsWith(`${method}:`) && err.message.includes(`'${arg}'`), err.message);
    }
    deepEqual(await emu.since(seq), []);
  });

  test('engine limits: a descriptor over 2 MiB is a 413', async () => {
    const { api } = await signedIn();
    const big = { c: { type: 'appmixer.utils.test.Big', label: 'x'.repeat(2.2 * 1024 * 1024), source: {}, x: 0, y: 0, config: {} } };
    const err = await rejects(api.createFlow('Huge', big));
    equal(err.code, 413);
    equal(err.response.status, 413);
  });
}
