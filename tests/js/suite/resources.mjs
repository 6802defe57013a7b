// Accounts, logs, people tasks, charts and app events (issue 5): every method
// against the emulator, checking the request it received and the value the
// promise resolved to.
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, observeOne, signedInUser } from '../emulator-client.mjs';

const SLACK_SEND = 'appmixer.slack.list.SendChannelMessage';

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  const signedIn = (config = {}) => signedInUser(Appmixer, emulatorUrl, 'res', config);

  const observe = (fn) => observeOne(emu, fn);

  test('createAccount / getAccounts / setAccountName; tokens never come back', async () => {
    const { api, id, email } = await signedIn();
    const data = { service: 'appmixer:slack', token: 'xoxb-SECRET-TOKEN', name: 'Work Slack', profileInfo: { email } };
    const { req, result: account } = await observe(() => api.createAccount({ validateScope: false }, data));
    equal(`${req.method} ${req.path}?${req.query}`, 'POST /accounts?validateScope=false');
    deepEqual(JSON.parse(req.body), data);
    ok(/^[0-9a-f]{24}$/.test(account.accountId), account.accountId);
    equal(account.service, 'appmixer:slack');
    equal(account.name, 'Work Slack');
    equal(account.userId, id);
    ok(!JSON.stringify(account).includes('SECRET-TOKEN'), 'no token in the answer');
    const google = await api.createAccount(undefined, { service: 'appmixer:google', token: 't2' });

    const { req: listReq, result: slack } = await observe(() => api.getAccounts({ filter: 'service:appmixer:slack' }));
    equal(listReq.query, 'filter=service%3Aappmixer%3Aslack');
    deepEqual(slack.map((a) => a.accountId), [account.accountId]);
    deepEqual((await api.getAccounts({ filter: 'service:!appmixer:slack' })).map((a) => a.accountId), [google.accountId]);
    const all = await api.getAccounts();
    equal(all.length, 2);
    ok(!JSON.stringify(all).includes('SECRET-TOKEN'));

    const { req: putReq, result: renamed } = await observe(() => api.setAccountName(account.accountId, 'Team Slack'));
    equal(`${putReq.method} ${putReq.path}`, `PUT /accounts/${account.accountId}`);
    deepEqual(JSON.parse(putReq.body), { displayName: 'Team Slack' });
    equal(renamed.displayName, 'Team Slack');
  });

  test('getAccountFlows, getComponentAccounts (resolves .auth) and getAuth(service)', async () => {
    const { api } = await signedIn();
    const account = await api.createAccount({}, { service: 'appmixer:slack', token: 't' });
    const flowId = await api.createFlow('Uses slack', {
      send: { type: SLACK_SEND, label: 'Send', source: {}, x: 0, y: 0, config: { accountId: account.accountId } },
    });
    await api.createFlow('No slack');
    const { req, result: flows } = await observe(() => api.getAccountFlows(account.accountId));
    equal(req.path, `/accounts/${account.accountId}/flows`);
    deepEqual(flows, [{ flowId, name: 'Uses slack' }]);

    const { req: compReq, result: auth } = await observe(() => api.getComponentAccounts(SLACK_SEND, 'send'));
    equal(`${compReq.path}?${compReq.query}`, `/auth/${SLACK_SEND}?componentId=send`);
    const entry = auth.accounts[account.accountId];
    equal(entry.accountId, account.accountId);
    equal(entry.componentAssigned, true);
    equal(entry.accessTokenValid, true);
    deepEqual(await api.getComponentAccounts('appmixer.utils.timers.Timer', 'x'), {}, '{} when the type needs no account');

    const { req: authReq, result: byService } = await observe(() => api.getAuth('appmixer.slack'));
    equal(authReq.path, '/auth/appmixer.slack');
    deepEqual(Object.keys(byService.accounts), [account.accountId]);
  });

  test("another user's account is a 404", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const account = await owner.api.createAccount({}, { service: 'appmixer:slack', token: 't' });
    equal((await rejects(other.api.setAccountName(account.accountId, 'x'))).response.status, 404);
    equal((await rejects(other.api.getAccountFlows(account.accountId))).response.status, 404);
    deepEqual(await other.api.getAccounts(), []);
    deepEqual(await other.api.getAuth('appmixer:slack'), { accounts: {} });
  });

  test('getLogs: entries written when a flow runs, query, paging, sort; getLog detail', async () => {
    const { api } = await signedIn();
    const descriptor = {
      timer: { type: 'appmixer.utils.timers.Timer', label: 'Timer', source: {}, x: 0, y: 0, config: {} },
      send: { type: 'appmixer.utils.email.SendEmail', label: 'Mail', source: { timer: { out: ['in'] } }, x: 1, y: 0, config: {} },
    };
    const flowId = await api.createFlow('Logged', descriptor);
    const other = await api.createFlow('Other', descriptor);
    await api.startFlow(flowId);
    await api.stopFlow(flowId);
    await api.startFlow(flowId);
    await api.startFlow(other);

    const q = { from: 0, size: 10, sort: '@timestamp:desc', query: `flowId:${flowId}` };
    const { req, result: logs } = await observe(() => api.getLogs(q));
    equal(req.query, `from=0&size=10&sort=%40timestamp%3Adesc&query=flowId%3A${flowId}`);
    equal(logs.hits.length, 4, 'two starts × two components');
    ok(logs.hits.every((h) => h.flowId === flowId && /^appmixer-\d{6}$/.test(h._index)));
    deepEqual(new Set(logs.hits.map((h) => h.componentId)), new Set(['timer', 'send']));
    ok(logs.buckets.reduce((n, b) => n + b.doc_count, 0) === 4, 'buckets count the matches per day');
    const stamps = logs.hits.map((h) => h['@timestamp']);
    deepEqual(stamps, [...stamps].sort().reverse(), 'sorted by time, newest first');

    const page = await api.getLogs({ ...q, from: 1, size: 2, sort: '@timestamp:asc' });
    equal(page.hits.length, 2);
    deepEqual(page.hits.map((h) => h._id), logs.hits.slice().reverse().slice(1, 3).map((h) => h._id));
    const today = new Date().toISOString().slice(0, 10);
    const ranged = await api.getLogs({ query: `@timestamp:[2000-01-01 TO ${today}] AND +flowId:${flowId} AND componentId:timer` });
    equal(ranged.hits.length, 2);
    equal((await api.getLogs({ query: '@timestamp:[1999-01-01 TO 1999-12-31]' })).hits.length, 0);
    const either = await api.getLogs({ query: `flowId:${flowId} OR flowId:${other}`, size: 50 });
    equal(either.hits.length, 6, 'OR');
    const must = await api.getLogs({ query: `+flowId:${other} +componentId:send` });
    equal(must.hits.length, 1, '+field:value clauses');
    equal((await api.getLogs()).hits.length, 6, 'no query → every entry of the user');

    const hit = logs.hits[0];
    const { req: oneReq, result: entry } = await observe(() => api.getLog(hit._id, hit._index));
    equal(oneReq.path, `/logs/${hit._index}/${hit._id}`);
    equal(entry._id, hit._id);
    ok('message' in entry || 'msg' in entry, 'the entry has its message');
    equal((await rejects(api.getLogs({ query: 'flowId:(unbalanced' }))).response.status, 400);
  });

  test("logs of another user's flows are invisible", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const flowId = await owner.api.createFlow('Mine', { t: { type: 'appmixer.utils.timers.Timer', label: 'T', source: {}, x: 0, y: 0, config: {} } });
    await owner.api.startFlow(flowId);
    const [hit] = (await owner.api.getLogs({ query: `flowId:${flowId}` })).hits;
    deepEqual((await other.api.getLogs({ query: `flowId:${flowId}` })).hits, []);
    equal((await rejects(other.api.getLog(hit._id, hit._index))).response.status, 404);
  });

  test('people tasks: list by role, count, get, approve/reject with the engine rules', async () => {
    const requester = await signedIn();
    const approver = await signedIn();
    const stranger = await signedIn();
    const create = (title) =>
      requester.api._request({ url: '/people-task/tasks', method: 'POST', data: { title, description: 'd', approver: approver.email, requester: requester.email } });
    const a = await create('Approve invoice');
    const b = await create('Review contract');
    ok(a.approverSecret && a.requesterSecret, 'secrets only in the creation answer');

    const { req, result: mine } = await observe(() => approver.api.getPeopleTasks({ role: 'approver', sort: 'title:1' }));
    equal(`${req.path}?${req.query}`, '/people-task/tasks?role=approver&sort=title%3A1');
    deepEqual(mine.map((t) => t.title), ['Approve invoice', 'Review contract']);
    ok(mine.every((t) => !('approverSecret' in t) && !('requesterSecret' in t)), 'GET never returns secrets');
    deepEqual(await approver.api.getPeopleTasksCount({ role: 'approver', filter: 'status:pending' }), { count: 2 });
    deepEqual(await requester.api.getPeopleTasksCount({ role: 'approver' }), { count: 0 });
    deepEqual((await approver.api.getPeopleTasks({ pattern: 'INVOICE' })).map((t) => t.taskId), [a.taskId]);
    deepEqual((await requester.api.getPeopleTasks({ role: 'requester', sort: 'title:-1' })).map((t) => t.title), ['Review contract', 'Approve invoice']);
    deepEqual(await approver.api.getPeopleTasks({ role: 'requester' }), [], 'role matches the caller in that role only');
    const { req: pageReq, result: page } = await observe(() => approver.api.getPeopleTasks({ sort: 'title:1', limit: 1, offset: 1 }));
    equal(pageReq.query, 'sort=title%3A1&limit=1&offset=1');
    deepEqual(page.map((t) => t.title), ['Review contract']);
    deepEqual((await stranger.api.getPeopleTasks()).length, 0, 'a stranger sees nothing');
    deepEqual((await stranger.api.getPeopleTasks({ secret: b.approverSecret })).map((t) => t.taskId), [b.taskId], 'a secret shows that task');
    const { req: oneReq, result: one } = await observe(() => approver.api.getPeopleTask(a.taskId));
    equal(`${oneReq.method} ${oneReq.path}`, `GET /people-task/tasks/${a.taskId}`);
    equal(one.status, 'pending');
    equal(one.title, 'Approve invoice');

    equal((await rejects(requester.api.approveTask(a.taskId))).response.status, 403, 'the requester cannot decide');
    const { req: putReq, result: approved } = await observe(() => approver.api.approveTask(a.taskId));
    equal(`${putReq.method} ${putReq.path}`, `PUT /people-task/tasks/${a.taskId}/approve`);
    deepEqual(JSON.parse(putReq.body), {});
    equal(approved.status, 'approved');
    ok(approved.decisionMade, 'decisionMade is set');
    equal((await rejects(approver.api.rejectTask(a.taskId))).response.status, 400, 'already decided');
    equal((await rejects(stranger.api.getPeopleTask(b.taskId))).response.status, 404);
    const { req: rejReq, result: rejected } = await observe(() => stranger.api.rejectTask(b.taskId, { secret: b.approverSecret }));
    equal(`${rejReq.method} ${rejReq.path}`, `PUT /people-task/tasks/${b.taskId}/reject`);
    deepEqual(JSON.parse(rejReq.body), { secret: b.approverSecret });
    equal(rejected.status, 'rejected', 'the approver secret lets anyone decide');
    deepEqual(await approver.api.getPeopleTasksCount({ filter: 'status:pending' }), { count: 0 });
    equal((await rejects(approver.api.getPeopleTask('000000000000000000000000'))).response.status, 404);
  });

  test('starting a flow with an approval step creates a task for its approver', async () => {
    const owner = await signedIn();
    const approver = await signedIn();
    const flowId = await owner.api.createFlow('Needs approval', {
      ask: { type: 'appmixer.utils.tasks.RequestApproval', label: 'Ask', source: {}, x: 0, y: 0, config: { title: 'Approve the export', approver: approver.email } },
    });
    await owner.api.startFlow(flowId);
    const [task] = await approver.api.getPeopleTasks({ role: 'approver', filter: 'status:pending' });
    equal(task.flowId, flowId);
    equal(task.title, 'Approve the export');
    equal(task.requester, owner.email);
    deepEqual((await owner.api.getPeopleTasks({ role: 'requester' })).map((t) => t.taskId), [task.taskId]);
    equal((await approver.api.approveTask(task.taskId)).status, 'approved');
  });

  test('peopleTasksPath switches the tasks prefix', async () => {
    const { api, appmixer } = await signedIn({ peopleTasksPath: '/plugins/appmixer/utils/tasks' });
    const { req, result } = await observe(() => api.getPeopleTasksCount());
    equal(req.path, '/plugins/appmixer/utils/tasks/tasks-count');
    deepEqual(result, { count: 0 });
    appmixer.set('peopleTasksPath', 'people-task/');
    const { req: again } = await observe(() => api.getPeopleTasks());
    equal(again.path, '/people-task/tasks');
  });

  test('charts: getCharts, getChart, deleteChart', async () => {
    const { api } = await signedIn();
    const other = await signedIn();
    const made = await api._request({ url: '/charts', method: 'POST', data: { name: 'Errors per day', type: 'bar', query: { q: 'severity:error' }, traces: [] } });
    const { req, result: charts } = await observe(() => api.getCharts());
    equal(`${req.method} ${req.path}`, 'GET /charts');
    deepEqual(charts.map((c) => c.chartId), [made.chartId]);
    const { req: oneReq, result: chart } = await observe(() => api.getChart(made.chartId));
    equal(oneReq.path, `/charts/${made.chartId}`);
    equal(chart.name, 'Errors per day');
    equal(chart.type, 'bar');
    equal((await rejects(other.api.getChart(made.chartId))).response.status, 404);
    equal((await rejects(other.api.deleteChart(made.chartId))).response.status, 404);
    const { req: delReq } = await observe(() => api.deleteChart(made.chartId));
    equal(`${delReq.method} ${delReq.path}`, `DELETE /charts/${made.chartId}`);
    deepEqual(await api.getCharts(), []);
    equal((await rejects(api.getChart(made.chartId))).response.status, 404);
  });

  test('sendAppEvent posts the event to the app-events route and triggers listening flows', async () => {
    const { api } = await signedIn();
    const listener = await api.createFlow('On order', {
      on: { type: 'appmixer.utils.appevents.OnAppEvent', label: 'On', source: {}, x: 0, y: 0, config: { event: 'order created' } },
    });
    await api.startFlow(listener);
    const idle = await api.createFlow('Stopped listener', {
      on: { type: 'appmixer.utils.appevents.OnAppEvent', label: 'On', source: {}, x: 0, y: 0, config: { event: 'order created' } },
    });
    void idle;
    const { req, result } = await observe(() => api.sendAppEvent('order created', { orderId: 7 }, { source: 'test' }));
    equal(`${req.method} ${req.path}?${req.query}`, 'POST /plugins/appmixer/utils/appevents/events/order%20created?source=test');
    deepEqual(JSON.parse(req.body), { orderId: 7 });
    equal(result.event, 'order created');
    deepEqual(result.triggered, [listener], 'only running flows listening for it');
    const { req: bare } = await observe(() => api.sendAppEvent('ping'));
    deepEqual(JSON.parse(bare.body), {}, 'data defaults to {}');
  });
}
