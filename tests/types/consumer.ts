// Type-checked (tsc --noEmit) against js/index.d.ts: every method as a
// consumer would call it, with the resolved types asserted.
import { Appmixer, AppmixerError, isAppmixerError } from 'appmixer-wasm';
import type { Flow, Store, StoreRecord, Count, LogsResult, PeopleTask, Chart, Account, User, TokenUser } from 'appmixer-wasm';

type Expect<T extends true> = T;
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

export async function everyMethod(): Promise<void> {
  const appmixer = new Appmixer({ baseUrl: 'http://127.0.0.1:2200', pollInterval: 100, retry: { limit: 2 } });
  const api = appmixer.api;
  const controller = new AbortController();
  const opts = { signal: controller.signal, timeout: 1000 };

  api.on('error', (err) => {
    const code: number | string = err.code;
    void code;
    void err.response?.status;
  });
  api.on('response', (e) => void e.duration);
  const auth = await api.authenticateUser('u', 'p', opts);
  appmixer.set('accessToken', auth.token);
  const tokenUser: TokenUser | null = appmixer.get('user');
  void tokenUser;
  await api.signupUser('u', 'p');
  const user: User = await api.getUser();
  void user.email;

  const flowId: string = await api.createFlow('n', { c1: { type: 'appmixer.utils.timers.Timer' } }, { customFields: { a: 1 } }, opts);
  const flow: Flow = await api.getFlow(flowId);
  type _f = Expect<Equal<typeof flow.stage, 'stopped' | 'running'>>;
  const flows: Flow[] = await api.getFlows({ limit: 10, filter: ['a:b'], sort: 'mtime:-1' });
  const count: Count = await api.getFlowsCount({ pattern: 'x' });
  await api.updateFlow(flowId, { name: 'x' });
  const started: string = await api.startFlow(flowId);
  await api.stopFlow(flowId);
  const cloneId: string = await api.cloneFlow(flowId, { connectAccounts: false });
  const auths = await api.getFlowAuthentication(flowId);
  void auths['c1']?.auth.accounts;
  await api.deleteFlow(flowId, opts);

  const stores: Store[] = await api.getStores();
  const storeId: string = await api.createStore('s');
  await api.getStore(storeId);
  await api.renameStore(storeId, 't');
  const rec: StoreRecord = await api.createStoreItem(storeId, 'k', { v: 1 });
  const recs: StoreRecord[] = await api.getStoreRecords({ storeId, limit: 5 });
  await api.getStoreRecordsCount({ storeId });
  const deleted: { deletedCount: number } = await api.deleteStoreItems([{ key: 'k', storeId }]);
  await api.deleteStore(storeId);

  const account: Account = await api.createAccount({ validateScope: false }, { service: 'appmixer:slack', token: 't' });
  const accounts: Account[] = await api.getAccounts({ filter: 'service:appmixer:slack' });
  await api.getComponentAccounts('appmixer.slack.list.Send', 'c1');
  await api.getAccountFlows(account.accountId);
  await api.setAccountName(account.accountId, 'Work');
  await api.getAuth('appmixer.slack');

  const logs: LogsResult = await api.getLogs({ from: 0, size: 10, query: 'severity:error' });
  await api.getLog(logs.hits[0]!._id, logs.hits[0]!._index);

  const tasks: PeopleTask[] = await api.getPeopleTasks({ role: 'approver', filter: 'status:pending' });
  await api.getPeopleTasksCount({ role: 'requester' });
  await api.getPeopleTask('t');
  await api.approveTask('t', { secret: 's' });
  await api.rejectTask('t');

  const charts: Chart[] = await api.getCharts();
  await api.getChart('c');
  await api.deleteChart('c');
  await api.sendAppEvent('order', { id: 1 }, { a: 1 });

  for await (const f of api.iterate('getFlows', { pattern: 'x' }, opts)) {
    type _i = Expect<Equal<typeof f, Flow>>;
  }
  for await (const r of api.iterate('getStoreRecords', { storeId })) void r.key;

  try {
    await api.getUser();
  } catch (e) {
    if (isAppmixerError(e)) {
      const status: number | undefined = e.response?.status;
      void status;
    }
    if (e instanceof AppmixerError) void e.toJSON();
  }

  const custom = new Appmixer({
    baseUrl: 'x',
    api: {
      async getFlows() {
        return this._request<Flow[]>({ url: '/flows', method: 'GET', params: { limit: 1 } });
      },
    },
  });
  void custom;
  void [flows, count, started, cloneId, stores, rec, recs, deleted, accounts, tasks, charts];
}
