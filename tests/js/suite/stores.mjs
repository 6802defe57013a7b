// Data stores (issue 4): every store method against the emulator, checking
// the request it received and the value the promise resolved to.
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, observeOne, signedInUser } from '../emulator-client.mjs';

const HEX24 = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default function define(test, { Appmixer, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  const signedIn = (config = {}) => signedInUser(Appmixer, emulatorUrl, 'stores', config);

  const observe = (fn) => observeOne(emu, fn);

  test('createStore resolves the id; getStores/getStore list it; renameStore answers {oldName, storeId}', async () => {
    const { api } = await signedIn();
    const { req, result: storeId } = await observe(() => api.createStore('Contacts'));
    ok(HEX24.test(storeId), storeId);
    equal(`${req.method} ${req.path}`, 'POST /stores');
    deepEqual(JSON.parse(req.body), { name: 'Contacts' });
    const { req: listReq, result: stores } = await observe(() => api.getStores());
    equal(`${listReq.method} ${listReq.path}`, 'GET /stores');
    deepEqual(stores.map(({ name, storeId: id }) => ({ name, storeId: id })), [{ name: 'Contacts', storeId }]);
    const { req: oneReq, result: store } = await observe(() => api.getStore(storeId));
    equal(oneReq.path, `/stores/${storeId}`);
    equal(store.name, 'Contacts');
    equal(store.storeId, storeId);
    const { req: renReq, result: renamed } = await observe(() => api.renameStore(storeId, 'People'));
    equal(`${renReq.method} ${renReq.path}`, `PUT /stores/${storeId}`);
    deepEqual(JSON.parse(renReq.body), { name: 'People' });
    deepEqual(renamed, { oldName: 'Contacts', storeId });
    equal((await api.getStore(storeId)).name, 'People');
  });

  test('createStoreItem posts text/plain and upserts (value replaced, createdAt kept)', async () => {
    const { api } = await signedIn();
    const storeId = await api.createStore('S');
    const { req, result: rec } = await observe(() => api.createStoreItem(storeId, 'greeting', 'hello'));
    equal(`${req.method} ${req.path}`, `POST /store/${storeId}/greeting`);
    ok(req.headers['content-type'].startsWith('text/plain'), req.headers['content-type']);
    equal(req.body, 'hello');
    equal(rec.key, 'greeting');
    equal(rec.value, 'hello');
    ok(ISO.test(rec.createdAt) && ISO.test(rec.updatedAt));
    await sleep(5);
    const again = await api.createStoreItem(storeId, 'greeting', 'hi again');
    equal(again.value, 'hi again');
    equal(again.createdAt, rec.createdAt, 'createdAt kept');
    ok(again.updatedAt > rec.updatedAt, 'updatedAt bumped');
    deepEqual(await api.getStoreRecordsCount({ storeId }), { count: 1 });

    const { req: objReq } = await observe(() => api.createStoreItem(storeId, 'obj', { a: [1, 2] }));
    equal(objReq.body, '{"a":[1,2]}', 'objects are sent as JSON text');
    const { req: numReq } = await observe(() => api.createStoreItem(storeId, 'num', 42));
    equal(numReq.body, '42', 'numbers as JS writes them');
    const { req: boolReq } = await observe(() => api.createStoreItem(storeId, 'flag', false));
    equal(boolReq.body, 'false');
    const records = await api.getStoreRecords({ storeId, sort: 'key:1' });
    deepEqual(records.map((r) => [r.key, r.value]), [['flag', 'false'], ['greeting', 'hi again'], ['num', '42'], ['obj', '{"a":[1,2]}']]);
    ok(records.every((r) => r.storeId === storeId && ISO.test(r.createdAt)));
  });

  test('getStoreRecords: paging, sorting and pattern on keys and values; counts follow every change', async () => {
    const { api } = await signedIn();
    const storeId = await api.createStore('Paging');
    const keys = ['k05', 'k01', 'k04', 'k02', 'k03'];
    for (const [i, key] of keys.entries()) {
      await api.createStoreItem(storeId, key, `value ${i} ${i % 2 ? 'Odd' : 'even'}`);
      deepEqual(await api.getStoreRecordsCount({ storeId }), { count: i + 1 });
      await sleep(3);
    }
    const { req, result: page } = await observe(() => api.getStoreRecords({ storeId, limit: 2, offset: 1, sort: 'key:1' }));
    equal(req.path, '/store');
    equal(req.query, `storeId=${storeId}&limit=2&offset=1&sort=key%3A1`);
    deepEqual(page.map((r) => r.key), ['k02', 'k03']);
    deepEqual((await api.getStoreRecords({ storeId, sort: 'key:-1', limit: 2 })).map((r) => r.key), ['k05', 'k04']);
    deepEqual((await api.getStoreRecords({ storeId, sort: 'createdAt:1' })).map((r) => r.key), keys);
    deepEqual((await api.getStoreRecords({ storeId, sort: 'updatedAt:-1', limit: 1 })).map((r) => r.key), ['k03']);
    deepEqual((await api.getStoreRecords({ storeId, pattern: 'K04' })).map((r) => r.key), ['k04'], 'pattern on keys');
    deepEqual((await api.getStoreRecords({ storeId, pattern: 'odd', sort: 'key:1' })).map((r) => r.key), ['k01', 'k02'], 'pattern on values');
    const { req: countReq, result: count } = await observe(() => api.getStoreRecordsCount({ storeId, pattern: 'odd' }));
    equal(`${countReq.path}?${countReq.query}`, `/store/count?storeId=${storeId}&pattern=odd`);
    deepEqual(count, { count: 2 });
  });

  test('deleteStoreItems deletes across two stores and counts only what existed', async () => {
    const { api } = await signedIn();
    const a = await api.createStore('A');
    const b = await api.createStore('B');
    for (const k of ['x', 'y', 'z']) {
      await api.createStoreItem(a, k, k);
      await api.createStoreItem(b, k, k);
    }
    const items = [{ key: 'x', storeId: a }, { key: 'y', storeId: b }, { key: 'nope', storeId: a }];
    const { req, result } = await observe(() => api.deleteStoreItems(items));
    equal(`${req.method} ${req.path}`, 'DELETE /store');
    equal(req.headers['content-type'], 'application/json');
    deepEqual(JSON.parse(req.body), items);
    deepEqual(result, { deletedCount: 2 });
    deepEqual(await api.getStoreRecordsCount({ storeId: a }), { count: 2 });
    deepEqual(await api.getStoreRecordsCount({ storeId: b }), { count: 2 });
    deepEqual((await api.getStoreRecords({ storeId: a, sort: 'key:1' })).map((r) => r.key), ['y', 'z']);
  });

  test('deleteStore removes the store and its records', async () => {
    const { api } = await signedIn();
    const storeId = await api.createStore('Gone');
    await api.createStoreItem(storeId, 'k', 'v');
    const { req } = await observe(() => api.deleteStore(storeId));
    equal(`${req.method} ${req.path}`, `DELETE /stores/${storeId}`);
    equal((await rejects(api.getStore(storeId))).response.status, 404);
    equal((await rejects(api.getStoreRecords({ storeId }))).response.status, 404);
    deepEqual(await api.getStores(), []);
  });

  test('keys with awkward characters arrive intact as one segment', async () => {
    const { api } = await signedIn();
    const storeId = await api.createStore('Keys');
    const keys = ['a/b', '?x=1', '#frag', '100%', 'ключ', 'emoji 😀', 'with space', 'k'.repeat(10 * 1024)];
    for (const key of keys) {
      const { req, result } = await observe(() => api.createStoreItem(storeId, key, `v:${key.slice(0, 20)}`));
      equal(req.path, `/store/${storeId}/${encodeURIComponent(key)}`);
      equal(result.key, key);
    }
    const records = await api.getStoreRecords({ storeId, limit: 100 });
    deepEqual(records.map((r) => r.key).sort(), [...keys].sort());
    deepEqual(await api.getStoreRecordsCount({ storeId }), { count: keys.length });
    const deleted = await api.deleteStoreItems(keys.map((key) => ({ key, storeId })));
    deepEqual(deleted, { deletedCount: keys.length });
  });

  test("stores are per user: another user's store is a 404, a missing storeId a 400", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const storeId = await owner.api.createStore('Mine');
    await owner.api.createStoreItem(storeId, 'secret', 'value');
    for (const attempt of [
      () => other.api.getStore(storeId),
      () => other.api.renameStore(storeId, 'x'),
      () => other.api.deleteStore(storeId),
      () => other.api.getStoreRecords({ storeId }),
      () => other.api.getStoreRecordsCount({ storeId }),
      () => other.api.createStoreItem(storeId, 'k', 'v'),
    ]) {
      equal((await rejects(attempt())).response.status, 404);
    }
    deepEqual(await other.api.deleteStoreItems([{ key: 'secret', storeId }]), { deletedCount: 0 });
    deepEqual(await other.api.getStores(), []);
    deepEqual(await owner.api.getStoreRecordsCount({ storeId }), { count: 1 }, 'nothing changed');
    equal((await rejects(owner.api.getStoreRecords({}))).response.status, 400);
  });

  test('store methods reject bad arguments with ERR_INVALID_ARG and send nothing', async () => {
    const { api } = await signedIn();
    const seq = await emu.lastSeq();
    for (const [call, method, arg] of [
      [() => api.getStore(undefined), 'getStore', 'storeId'],
      [() => api.createStore({}), 'createStore', 'name'],
      [() => api.renameStore('id', 5), 'renameStore', 'newName'],
      [() => api.deleteStore(null), 'deleteStore', 'storeId'],
      [() => api.getStoreRecords('id'), 'getStoreRecords', 'query'],
      [() => api.getStoreRecordsCount(), 'getStoreRecordsCount', 'query'],
      [() => api.createStoreItem('s', 7, 'v'), 'createStoreItem', 'key'],
      [() => api.createStoreItem('s', '..', 'v'), 'createStoreItem', 'key'],
      [() => api.createStoreItem('s', 'k'), 'createStoreItem', 'value'],
      [() => api.deleteStoreItems('x'), 'deleteStoreItems', 'items'],
    ]) {
      const err = await rejects(call());
      equal(err.code, 'ERR_INVALID_ARG', `${method} ${arg}`);
      ok(err.message.startsWith(`${method}:`) && err.message.includes(`'${arg}'`), err.message);
    }
    deepEqual(await emu.since(seq), []);
  });
}
