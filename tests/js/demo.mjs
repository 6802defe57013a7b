// Clicks through the demo page (what `npm start` serves) in headless Chromium:
// every area, asserting what the page shows after each action. Needs an
// emulator started with `--seed demo --test-hooks` at APPMIXER_EMULATOR_URL.
// Names it creates are unique per run, and it deletes what it creates, so it
// can run again against the same emulator. Saves test-results/demo.png (docs/demo.png with UPDATE_SCREENSHOT=1).
import { launchChromium } from '../../scripts/chromium.mjs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

const emulatorUrl = process.env.APPMIXER_EMULATOR_URL;
if (!emulatorUrl) throw new Error('APPMIXER_EMULATOR_URL is not set (run npm test)');

const TIMEOUT = 10_000;
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// The README's screenshot is refreshed only on request (UPDATE_SCREENSHOT=1),
// so a test run leaves the working tree clean.
const screenshotPath = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOT ? '../../docs/demo.png' : '../../test-results/demo.png', import.meta.url),
);

let passed = 0;
let failed = 0;
const pageErrors = [];
const consoleErrors = [];

function report(ok, name, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - [demo] ${name}${detail ? `\n  ${String(detail).replace(/\n/g, '\n  ')}` : ''}`);
}

/** Runs one check; a thrown error (or a timeout) fails it and the run goes on. */
async function check(name, fn) {
  try {
    await fn();
    report(true, name);
    return true;
  } catch (err) {
    report(false, name, err?.message?.split('\n').slice(0, 6).join('\n') ?? String(err));
    return false;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Waits until `locator`'s text satisfies `want` (a string it contains, or a RegExp). */
async function waitText(locator, want, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    seen = (await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? '';
    if (typeof want === 'string' ? seen.includes(want) : want.test(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`expected text ${want} but saw ${JSON.stringify(seen.slice(0, 300))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const visible = (locator, timeout = TIMEOUT) => locator.first().waitFor({ state: 'visible', timeout });
const gone = (locator, timeout = TIMEOUT) => locator.first().waitFor({ state: 'detached', timeout });

// Direct REST calls for test fixtures the SDK has no method for (creating
// people tasks and charts), so the page has fresh things of its own to act on.
async function rest(path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`${emulatorUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(data)}`);
  return data;
}
const signIn = (username, password) => rest('/user/auth', { method: 'POST', body: { username, password } });

const fixtures = {
  approve: `Demo approve ${RUN}`,
  reject: `Demo reject ${RUN}`,
  request: `Demo request ${RUN}`,
  chart: `Demo chart ${RUN}`,
};
let demo;
let firstSeq = 0;
await check('fixtures: people tasks and a chart created over REST', async () => {
  demo = await signIn('demo@example.com', 'demo1234');
  const alice = await signIn('alice@example.com', 'alice1234');
  for (const [title, approver, requester] of [
    [fixtures.approve, 'demo@example.com', 'alice@example.com'],
    [fixtures.reject, 'demo@example.com', 'alice@example.com'],
    [fixtures.request, 'alice@example.com', 'demo@example.com'],
  ]) {
    await rest('/people-task/tasks', { method: 'POST', token: alice.token, body: { title, description: 'Created by tests/js/demo.mjs', approver, requester } });
  }
  await rest('/charts', {
    method: 'POST',
    token: demo.token,
    body: {
      name: fixtures.chart,
      type: 'bar',
      query: { match_all: {} },
      traces: { entries: { agg: { date_histogram: { field: '@timestamp', interval: '1d' } }, type: 'bar' } },
    },
  });
  firstSeq = (await rest('/_emulator/requests')).at(-1)?.seq ?? 0;
});

const { server, url } = await serve({
  config: { baseUrl: emulatorUrl, username: 'demo@example.com', password: 'demo1234' },
});
const browser = await launchChromium();

try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() === 404 && r.url().startsWith(url)) consoleErrors.push(`404 ${r.url()}`); });
  page.on('dialog', (d) => d.accept()); // the delete confirmations
  const tid = (id) => page.locator(`[data-testid="${id}"]`);
  const view = page.locator('#view');
  // Lists dim and set aria-busy while they reload; waits until none does.
  const idle = () => page.waitForFunction(() => !document.querySelector('#view [aria-busy]'), null, { timeout: TIMEOUT });
  const openTab = async (id) => {
    await tid(`tab-${id}`).click();
    await page.waitForFunction((v) => document.querySelector('#view')?.dataset.view === v, id);
  };

  await page.goto(`${url}/demo/`);

  // ---- user ----
  const signedIn = await check('shows the signed-in user', async () => {
    await waitText(tid('user-email'), 'demo@example.com', 20_000);
  });
  if (!signedIn) {
    // Nothing else can work; say why instead of timing out on every check.
    throw new Error(`the page did not sign in\n${[...pageErrors, ...consoleErrors].join('\n') || '(no page or console errors)'}`);
  }
  await check('profile tab shows getUser()', async () => {
    await openTab('profile');
    await waitText(tid('profile-email'), 'demo@example.com');
    await waitText(tid('profile-scope'), 'user');
  });
  await check('signs out and back in', async () => {
    await tid('signout').click();
    await visible(tid('signin-form'));
    await waitText(tid('session-state'), 'signed out');
    await tid('signin-password').fill('wrong-password');
    await tid('signin-submit').click();
    await waitText(tid('signin-error'), /invalid|password/i);
    await tid('signin-password').fill('demo1234');
    await tid('signin-submit').click();
    await waitText(tid('user-email'), 'demo@example.com');
    await visible(tid('tab-flows'));
  });
  await check('the failed sign-in is in the events panel', async () => {
    await waitText(tid('event-error'), '403');
  });

  // ---- flows ----
  const flowName = `Demo test ${RUN}`;
  const renamed = `${flowName} renamed`;
  const flowRow = (name) => view.locator(`[data-testid="flow-row"][data-name="${name}"]`);
  await check('flows tab lists flows (name, stage, modified) with a pager', async () => {
    await openTab('flows');
    await visible(view.locator('[data-testid="flow-row"]'));
    const rows = await view.locator('[data-testid="flow-row"]').count();
    assert(rows >= 1, 'no flow rows');
    await visible(view.locator('[data-testid="flow-row"] [data-testid="badge"]'));
    await waitText(tid('flows-pager-range'), /^1–\d+ of \d+$/);
  });
  await check('creates a flow (createFlow)', async () => {
    await tid('flow-create-input').fill(flowName);
    await tid('flow-create-submit').click();
    await visible(flowRow(flowName));
    await waitText(flowRow(flowName).locator('[data-testid="badge"]'), 'stopped');
  });
  await check('searches flows (pattern)', async () => {
    await tid('flows-search').fill(RUN);
    await tid('flows-search').press('Enter');
    await waitText(tid('flows-pager-range'), '1–1 of 1');
    assert(await view.locator('[data-testid="flow-row"]').count() === 1, 'search should leave one row');
  });
  await check('renames the flow (updateFlow)', async () => {
    await flowRow(flowName).locator('[data-testid="flow-rename-open"]').click();
    await tid('flow-rename-input').fill(renamed);
    await tid('flow-rename-submit').click();
    await visible(flowRow(renamed));
    await gone(flowRow(flowName));
  });
  await check('starts the flow (startFlow)', async () => {
    await flowRow(renamed).locator('[data-testid="flow-start"]').click();
    await waitText(flowRow(renamed).locator('[data-testid="badge"]'), 'running');
    await visible(flowRow(renamed).locator('[data-testid="flow-stop"]'));
  });
  await check('stops the flow (stopFlow)', async () => {
    await flowRow(renamed).locator('[data-testid="flow-stop"]').click();
    await waitText(flowRow(renamed).locator('[data-testid="badge"]'), 'stopped');
  });
  await check("shows a flow's required accounts (getFlowAuthentication)", async () => {
    await flowRow(renamed).locator('[data-testid="flow-auth"]').click();
    await waitText(tid('flow-auth-detail'), 'needs no accounts');
    await flowRow(renamed).locator('[data-testid="flow-auth"]').click();
    await gone(tid('flow-auth-detail'));
  });
  await check('clones the flow (cloneFlow)', async () => {
    await flowRow(renamed).locator('[data-testid="flow-clone"]').click();
    await visible(flowRow(`Copy of ${renamed}`));
    await waitText(tid('flows-pager-range'), '1–2 of 2');
  });
  await check('deletes the clone and the flow (deleteFlow)', async () => {
    await flowRow(`Copy of ${renamed}`).locator('[data-testid="flow-delete"]').click();
    await gone(flowRow(`Copy of ${renamed}`));
    await flowRow(renamed).locator('[data-testid="flow-delete"]').click();
    await gone(flowRow(renamed));
    await waitText(view.locator('[data-testid="empty"]'), 'No flows match');
  });
  await check('a seeded Slack flow lists its Slack account', async () => {
    await tid('flows-search').fill('Gmail to Slack');
    await tid('flows-search').press('Enter');
    await visible(flowRow('Gmail to Slack'));
    await flowRow('Gmail to Slack').locator('[data-testid="flow-auth"]').click();
    await waitText(tid('flow-auth-detail'), 'appmixer.slack.');
    await visible(tid('flow-auth-account'));
    await tid('flows-search').fill('');
    await tid('flows-search').press('Enter');
  });
  await check('"shared with me" adds flows other users shared', async () => {
    await tid('flows-shared').check();
    await visible(view.locator('[data-testid="flow-shared"]'));
    await tid('flows-shared').uncheck();
    await gone(view.locator('[data-testid="flow-shared"]'));
  });

  // ---- data stores ----
  const storeName = `Demo store ${RUN}`;
  const recordKey = `demo-test-${RUN}@example.com`;
  const storeItem = (name) => view.locator('[data-testid="store-item"]', { hasText: name });
  await check('stores tab lists stores and the records of the first one', async () => {
    await openTab('stores');
    await visible(storeItem('Contacts'));
    await storeItem('Contacts').click();
    await waitText(tid('store-name'), 'Contacts');
    await waitText(tid('records-count'), /^\d+ records?$/);
    await visible(view.locator('[data-testid="record-row"]'));
  });
  await check('pages through records (limit/offset)', async () => {
    const firstKey = await view.locator('[data-testid="record-key-cell"]').first().textContent();
    await waitText(tid('records-pager-range'), /^1–10 of \d+$/);
    await tid('records-pager-next').click();
    await waitText(tid('records-pager-range'), /^11–20 of \d+$/);
    const nextKey = await waitText(view.locator('[data-testid="record-key-cell"]'), /./);
    assert(nextKey !== firstKey, 'the second page shows other records');
    await tid('records-pager-prev').click();
    await waitText(tid('records-pager-range'), /^1–10 of \d+$/);
  });
  await check('searches records (pattern) and shows the matching count', async () => {
    await tid('records-search').fill('hopper');
    await tid('records-search').press('Enter');
    await waitText(tid('records-count'), /^\d+ matching$/);
    await page.waitForFunction(() => {
      const keys = [...document.querySelectorAll('[data-testid="record-key-cell"]')].map((e) => e.textContent);
      return keys.length > 0 && keys.every((k) => k.includes('hopper'));
    }, null, { timeout: TIMEOUT });
  });
  await check('adds a record (createStoreItem)', async () => {
    await tid('record-key').fill(recordKey);
    await tid('record-value').fill('{"name":"Demo Test"}');
    await tid('record-add-submit').click();
    await tid('records-search').fill(RUN);
    await tid('records-search').press('Enter');
    await waitText(tid('records-count'), '1 matching');
    await waitText(tid('record-value-cell'), 'Demo Test');
  });
  await check('deletes the record (deleteStoreItems)', async () => {
    await view.locator(`[data-testid="record-row"][data-key="${recordKey}"] [data-testid="record-check"]`).check();
    await waitText(tid('records-delete'), 'Delete selected (1)');
    await tid('records-delete').click();
    await waitText(tid('records-count'), '0 matching');
    await waitText(view.locator('[data-testid="records"] [data-testid="empty"]'), 'No records match');
  });
  await check('creates a store (createStore)', async () => {
    await tid('store-create-input').fill(storeName);
    await tid('store-create-submit').click();
    await visible(storeItem(storeName));
    await waitText(tid('store-name'), storeName);
    await waitText(tid('records-count'), '0 records');
  });
  await check('renames the store (renameStore)', async () => {
    await tid('store-rename-open').click();
    await tid('store-rename-input').fill(`${storeName} renamed`);
    await tid('store-rename-submit').click();
    await waitText(tid('store-name'), `${storeName} renamed`);
    await visible(storeItem(`${storeName} renamed`));
  });
  await check('deletes the store (deleteStore)', async () => {
    await tid('store-delete').click();
    await gone(storeItem(`${storeName} renamed`));
    await waitText(tid('store-name'), /\S/);
  });

  // ---- accounts ----
  const accountRow = view.locator('[data-testid="account-row"]').first();
  await check('accounts tab lists the accounts (getAccounts)', async () => {
    await openTab('accounts');
    await visible(accountRow);
    await waitText(accountRow, 'appmixer:');
  });
  await check('renames an account and back (setAccountName)', async () => {
    const original = await accountRow.getAttribute('data-name');
    const accountId = await accountRow.getAttribute('data-account-id');
    const row = view.locator(`[data-testid="account-row"][data-account-id="${accountId}"]`);
    await row.locator('[data-testid="account-rename-open"]').click();
    await tid('account-rename-input').fill(`Account ${RUN}`);
    await tid('account-rename-submit').click();
    await waitText(row.locator('[data-testid="account-name"]'), `Account ${RUN}`);
    await row.locator('[data-testid="account-rename-open"]').click();
    await tid('account-rename-input').fill(original);
    await tid('account-rename-submit').click();
    await waitText(row.locator('[data-testid="account-name"]'), original);
  });
  await check('shows the flows that use an account (getAccountFlows)', async () => {
    await accountRow.locator('[data-testid="account-flows-open"]').click();
    await waitText(tid('account-flows'), /Used by \d+ flows?|No flow uses/);
  });

  // ---- logs ----
  await check('logs tab lists entries with a per-day histogram (getLogs)', async () => {
    await openTab('logs');
    await waitText(tid('logs-total'), /^\d+ entr(y|ies)/);
    await visible(view.locator('[data-testid="log-row"]'));
    await visible(tid('logs-histogram'));
  });
  await check('pages through log entries (from/size)', async () => {
    await waitText(tid('logs-pager-range'), /^1–12 of \d+$/);
    await tid('logs-pager-next').click();
    await waitText(tid('logs-pager-range'), /^13–24 of \d+$/);
  });
  await check('queries the logs (severity:error)', async () => {
    await tid('logs-query').fill('severity:error');
    await tid('logs-search').click();
    await waitText(tid('logs-total'), 'matching severity:error');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="log-row"]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('[data-testid="badge"]')?.textContent === 'error');
    }, null, { timeout: TIMEOUT });
  });
  await check('opens a log entry (getLog)', async () => {
    await view.locator('[data-testid="log-row"]').first().click();
    await waitText(tid('log-detail'), '"_index"');
    await waitText(tid('log-detail'), '"severity": "error"');
  });
  await check('a bad query shows the error, and the page keeps working', async () => {
    await tid('logs-query').fill('severity:(error');
    await tid('logs-search').click();
    await waitText(view.locator('[data-testid="error"]'), /Invalid query/i);
    await waitText(tid('event-error'), '400');
    await tid('logs-preset-all').click();
    await visible(view.locator('[data-testid="log-row"]'));
  });
  const logsCount = async () => Number((await waitText(tid('logs-total'), /^\d+ entr/)).match(/^\d+/)[0]);
  let allLogs = 0;
  let flowLogs = 0;
  let filterFlowId = '';
  await check('filters the logs by flow (+flowId:… in the query)', async () => {
    await idle();
    await page.waitForFunction(() => document.querySelector('[data-testid="logs-flow"]')?.options.length > 1, null, { timeout: TIMEOUT });
    assert(await tid('logs-flow').inputValue() === '', '"All flows" is the default');
    allLogs = await logsCount();
    await tid('logs-flow').selectOption({ label: 'Daily report' });
    filterFlowId = await tid('logs-flow').inputValue();
    assert(filterFlowId, 'the option carries the flow ID');
    await waitText(tid('logs-effective-query'), `+flowId:${filterFlowId}`);
    await idle();
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('[data-testid="log-row"]')];
      return rows.length > 0 && rows.every((r) => r.dataset.flowId === id);
    }, filterFlowId, { timeout: TIMEOUT });
    const names = await view.locator('[data-testid="log-row"] .name').allTextContents();
    assert(names.every((n) => n === 'Daily report'), `flow names: ${names}`);
    flowLogs = await logsCount();
    assert(flowLogs > 0 && flowLogs < allLogs, `${flowLogs} of ${allLogs} entries`);
    // The next page is that flow's too.
    if (flowLogs > 12) {
      await tid('logs-pager-next').click();
      await waitText(tid('logs-pager-range'), `13–${Math.min(24, flowLogs)} of ${flowLogs}`);
      await idle();
      const ids = await view.locator('[data-testid="log-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.flowId));
      assert(ids.length && ids.every((id) => id === filterFlowId), 'page 2 has other flows');
    }
  });
  await check('a date range in the far past shows the empty state', async () => {
    await tid('logs-query').fill('severity:error');
    await tid('logs-search').click();
    await tid('logs-since').fill('2000-01-01');
    await tid('logs-until').fill('2000-01-31');
    const want = `+flowId:${filterFlowId} AND @timestamp:[2000-01-01 TO 2000-01-31] AND (severity:error)`;
    await waitText(tid('logs-effective-query'), want);
    await waitText(view.locator('[data-testid="logs-list"] [data-testid="empty"]'), 'No log entries match');
    await waitText(tid('logs-total'), /^0 entries/);
    // That is the query the emulator received.
    const logCalls = (await rest(`/_emulator/requests?since=${firstSeq}&userId=${demo.user.id}`))
      .filter((r) => r.method === 'GET' && r.path === '/logs')
      .map((r) => new URLSearchParams(r.query ?? '').get('query'));
    assert(logCalls.includes(want), `queries sent: ${logCalls.slice(-3).join(' | ')}`);
  });
  await check('resets the filters (all flows, any time, no query)', async () => {
    await tid('logs-reset').click();
    await idle();
    assert(await tid('logs-flow').inputValue() === '', 'flow filter cleared');
    assert(await tid('logs-since').inputValue() === '' && await tid('logs-until').inputValue() === '', 'dates cleared');
    assert(await tid('logs-query').inputValue() === '', 'query cleared');
    await visible(view.locator('[data-testid="log-row"]'));
    assert(await tid('logs-effective-query').count() === 0, 'no query shown');
    assert(await logsCount() === allLogs, 'all entries again');
  });

  // ---- people tasks ----
  const taskRow = (title) => view.locator(`[data-testid="task-row"][data-title="${title}"]`);
  await check('tasks tab lists the tasks to approve with a count (getPeopleTasks)', async () => {
    await openTab('tasks');
    await visible(taskRow(fixtures.approve));
    await waitText(tid('tasks-count'), /^\d+ tasks?$/);
  });
  await check('filters tasks by status', async () => {
    await tid('tasks-status').selectOption('pending');
    await idle();
    await visible(taskRow(fixtures.approve));
    const statuses = await view.locator('[data-testid="task-status"]').allTextContents();
    assert(statuses.length && statuses.every((st) => st === 'pending'), `statuses: ${statuses}`);
  });
  await check('approves a task (approveTask)', async () => {
    await taskRow(fixtures.approve).locator('[data-testid="task-approve"]').click();
    await gone(taskRow(fixtures.approve)); // it left the "pending" filter
    await tid('tasks-status').selectOption('approved');
    await idle();
    await waitText(taskRow(fixtures.approve).locator('[data-testid="task-status"]'), 'approved');
  });
  await check('rejects a task (rejectTask)', async () => {
    await tid('tasks-status').selectOption('');
    await idle();
    await taskRow(fixtures.reject).locator('[data-testid="task-reject"]').click();
    await waitText(taskRow(fixtures.reject).locator('[data-testid="task-status"]'), 'rejected');
  });
  await check('lists my requests (role: requester)', async () => {
    await tid('tasks-role-requester').click();
    await visible(taskRow(fixtures.request));
    assert(await taskRow(fixtures.request).locator('[data-testid="task-approve"]').count() === 0, 'a requester cannot approve');
  });

  // ---- charts ----
  const chartItem = (name) => view.locator('[data-testid="chart-item"]', { hasText: name });
  await check('charts tab lists the charts (getCharts)', async () => {
    await openTab('charts');
    await visible(chartItem(fixtures.chart));
    assert(await view.locator('[data-testid="chart-item"]').count() >= 2, 'seeded charts are listed too');
  });
  await check('views a chart drawn from its traces (getChart)', async () => {
    await chartItem(fixtures.chart).click();
    await waitText(tid('chart-name'), fixtures.chart);
    await visible(view.locator('[data-testid="chart-svg"][data-type="bar"] rect'));
  });
  await check('views a seeded pie chart', async () => {
    const pie = view.locator('[data-testid="chart-item"]', { hasText: 'pie' });
    if (await pie.count() === 0) return; // the seed has none
    await pie.first().click();
    await visible(view.locator('[data-testid="chart-svg"][data-type="pie"] path'));
  });
  await check('deletes a chart (deleteChart)', async () => {
    await chartItem(fixtures.chart).click();
    await waitText(tid('chart-name'), fixtures.chart);
    await tid('chart-delete').click();
    await gone(chartItem(fixtures.chart));
  });

  // ---- the wire: everything went through the SDK to the emulator ----
  await check('the emulator received the calls the page made', async () => {
    const seen = new Set((await rest(`/_emulator/requests?since=${firstSeq}&userId=${demo.user.id}`))
      .map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}|[0-9a-f-]{36}/g, ':id')}`));
    const expected = ['GET /user', 'GET /flows', 'POST /flows', 'PUT /flows/:id', 'POST /flows/:id/coordinator',
      'POST /flows/:id/clone', 'DELETE /flows/:id', 'GET /stores', 'POST /stores', 'PUT /stores/:id', 'DELETE /stores/:id',
      'GET /store', 'GET /store/count', 'DELETE /store', 'GET /accounts', 'PUT /accounts/:id', 'GET /accounts/:id/flows',
      'GET /logs', 'GET /people-task/tasks', 'GET /people-task/tasks-count', 'PUT /people-task/tasks/:id/approve',
      'PUT /people-task/tasks/:id/reject', 'GET /charts', 'GET /charts/:id', 'DELETE /charts/:id'];
    const missing = expected.filter((e) => !seen.has(e));
    assert(!missing.length, `not seen: ${missing.join(', ')}`);
  });

  // ---- screenshot: a fresh page on the flows tab, request telemetry on,
  // the accounts of a seeded flow open ----
  await check('saves a screenshot', async () => {
    const shot = await browser.newPage({ viewport: { width: 1360, height: 760 } });
    shot.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await shot.goto(`${url}/demo/#/flows`);
      await shot.locator('[data-testid="show-telemetry"]').check({ timeout: TIMEOUT });
      await shot.locator('[data-testid="flow-row"]').first().waitFor({ timeout: TIMEOUT });
      const seeded = shot.locator('[data-testid="flow-row"][data-name="Gmail to Slack"] [data-testid="flow-auth"]');
      if (await seeded.count()) {
        await seeded.click();
        await shot.locator('[data-testid="flow-auth-component"]').first().waitFor({ timeout: TIMEOUT });
      }
      await shot.waitForFunction(() => !document.querySelector('[aria-busy]'), null, { timeout: TIMEOUT });
      await mkdir(dirname(screenshotPath), { recursive: true });
      await shot.screenshot({ path: screenshotPath, fullPage: true });
    } finally {
      await shot.close();
    }
  });

  report(pageErrors.length === 0, 'no uncaught page errors', pageErrors.join('\n'));
} catch (err) {
  report(false, 'the demo run', err?.message ?? String(err));
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
