// Configuration, events, errors and the user methods (issue 2).
import { ok, equal, deepEqual, rejects } from '../assert.mjs';
import { emulatorClient, signedInUser, uniqueName } from '../emulator-client.mjs';

const DOWN = 'http://127.0.0.1:9'; // discard port: nothing listens

export default function define(test, { Appmixer, AppmixerError, isAppmixerError, emulatorUrl }) {
  const emu = emulatorClient(emulatorUrl);

  const newUser = () => signedInUser(Appmixer, emulatorUrl);

  test('api is one stable object and the config bag keeps every key', () => {
    const appmixer = new Appmixer({ baseUrl: emulatorUrl, accessToken: null, theme: { dark: true } });
    equal(appmixer.api, appmixer.api, 'api identity');
    deepEqual(appmixer.get('theme'), { dark: true });
    equal(appmixer.get('baseUrl'), emulatorUrl);
    equal(appmixer.get('accessToken'), null);
    equal(appmixer.api.get('missing'), undefined);
    const value = { a: 1 };
    appmixer.api.set('custom', value);
    equal(appmixer.get('custom'), value, 'appmixer.get reads what api.set stored');
    appmixer.set('other', 7);
    equal(appmixer.api.get('other'), 7, 'api.get reads what appmixer.set stored');
    ok(typeof appmixer.api.getUser === 'function' && typeof appmixer.api.signupUser === 'function');
  });

  test('signup → authenticate → set token → getUser, with the wire requests', async () => {
    const username = uniqueName();
    const appmixer = new Appmixer({ baseUrl: emulatorUrl + '/' }); // trailing slash must not double
    const seq = await emu.lastSeq();

    const signup = await appmixer.api.signupUser(username, 'pw-1');
    ok(typeof signup.token === 'string' && signup.token.split('.').length === 3, 'signup resolves a JWT');
    const auth = await appmixer.api.authenticateUser(username, 'pw-1');
    equal(auth.user.username, username);
    ok(typeof auth.user.id === 'string');
    appmixer.set('accessToken', auth.token);
    const user = await appmixer.api.getUser();
    equal(user.id, auth.user.id);
    equal(user.username, username);
    equal(user.email, username);
    ok(Array.isArray(user.scope), 'user.scope');

    const seen = await emu.since(seq);
    const mine = seen.filter((r) => (r.body ?? '').includes(username) || r.userId === auth.user.id);
    deepEqual(mine.map((r) => `${r.method} ${r.path}`), ['POST /user', 'POST /user/auth', 'GET /user']);
    const [s, a, g] = mine;
    deepEqual(JSON.parse(s.body), { username, password: 'pw-1', email: username });
    deepEqual(JSON.parse(a.body), { username, password: 'pw-1' });
    equal(s.headers['content-type'], 'application/json');
    equal(s.headers.authorization, undefined, 'sign-up sends no token');
    equal(a.headers.authorization, undefined, 'sign-in sends no token');
    equal(g.headers.authorization, 'Bearer [REDACTED]');
    equal(g.userId, auth.user.id, 'the token sent is the one set');
    equal(g.body, null);
  });

  test("appmixer.get('user') is read from the token", async () => {
    const { appmixer, id } = await newUser();
    const user = appmixer.get('user');
    equal(user.id, id);
    deepEqual(user.scope, ['user']);
    appmixer.set('accessToken', 'not-a-jwt');
    equal(appmixer.get('user'), null);
    appmixer.set('accessToken', null);
    equal(appmixer.get('user'), null);
  });

  test('baseUrl and accessToken changes take effect on the next request', async () => {
    const first = await newUser();
    const second = await newUser();
    const appmixer = new Appmixer({ baseUrl: DOWN, accessToken: first.token });
    const err = await rejects(appmixer.api.getUser());
    equal(err.code, 'ERR_NETWORK');
    appmixer.api.set('baseUrl', emulatorUrl);
    equal((await appmixer.api.getUser()).id, first.id);
    appmixer.api.set('accessToken', second.token);
    equal((await appmixer.api.getUser()).id, second.id);

    appmixer.api.set('accessToken', null);
    const seq = await emu.lastSeq();
    const unauth = await rejects(appmixer.api.getUser());
    equal(unauth.code, 401);
    const [req] = await emu.since(seq);
    equal(req.headers.authorization, undefined, 'no Authorization header without a token');
  });

  test('unknown user → 403 with the error object of the contract, one error event', async () => {
    const appmixer = new Appmixer({ baseUrl: emulatorUrl });
    const events = [];
    appmixer.api.on('error', (e) => events.push(e));
    const err = await rejects(appmixer.api.authenticateUser(uniqueName('nobody'), 'wrong'));
    equal(events.length, 1, 'one error event');
    equal(events[0], err, 'the event carries the rejected object');
    ok(err instanceof Error && err instanceof AppmixerError && isAppmixerError(err));
    ok(typeof err.stack === 'string');
    equal(err.name, 'AppmixerError');
    equal(err.isAxiosError, true);
    equal(err.message, 'Request failed with status code 403');
    equal(err.code, 403);
    equal(err.response.status, 403);
    equal(err.response.statusText, 'Forbidden');
    equal(err.response.data.statusCode, 403);
    equal(err.response.data.error, 'Forbidden');
    equal(typeof err.response.data.message, 'string');
    equal(err.data, err.response.data);
    ok(err.response.headers['content-type'].startsWith('application/json'), 'headers are a plain object with lower-case names');
    equal(err.config.method, 'post');
    equal(err.config.url, `${emulatorUrl}/user/auth`);
    const json = JSON.parse(JSON.stringify(err));
    equal(json.code, 403);
    equal(json.response.status, 403);
    equal(json.message, err.message);
  });

  test('bad or expired token → code 401', async () => {
    const { id } = await newUser();
    const appmixer = new Appmixer({ baseUrl: emulatorUrl, accessToken: 'forged.token.value' });
    let calls = 0;
    appmixer.api.on('error', () => calls++);
    const err = await rejects(appmixer.api.getUser());
    equal(err.code, 401);
    equal(err.response.status, 401);
    equal(calls, 1);
    appmixer.set('accessToken', await emu.mintToken(id, -60));
    equal((await rejects(appmixer.api.getUser())).code, 401, 'expired');
    appmixer.set('accessToken', await emu.mintToken(id, 60));
    equal((await appmixer.api.getUser()).id, id, 'a fresh token for the same user works');
  });

  test('no baseUrl → ERR_INVALID_ARG, no request and no event', async () => {
    const appmixer = new Appmixer({ accessToken: 'x' });
    let calls = 0;
    appmixer.api.on('error', () => calls++);
    const seq = await emu.lastSeq();
    const err = await rejects(appmixer.api.getUser());
    equal(err.code, 'ERR_INVALID_ARG');
    ok(err.message.includes('baseUrl') && err.message.includes('getUser'), err.message);
    ok(err instanceof AppmixerError);
    equal(calls, 0);
    deepEqual(await emu.since(seq), []);
  });

  test('emulator down → ERR_NETWORK with one event', async () => {
    const appmixer = new Appmixer({ baseUrl: DOWN });
    const events = [];
    appmixer.api.on('error', (e) => events.push(e));
    const err = await rejects(appmixer.api.authenticateUser('a', 'b'));
    equal(err.code, 'ERR_NETWORK');
    equal(err.response, undefined);
    equal(events.length, 1);
    equal(err.config.url, `${DOWN}/user/auth`);
  });

  test('the token never appears in the error', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InNlY3JldC11c2VyIn0.TOKEN-SECRET-PART';
    for (const baseUrl of [emulatorUrl, DOWN]) {
      const appmixer = new Appmixer({ baseUrl, accessToken: token });
      const err = await rejects(appmixer.api.getUser());
      ok(err.code === 401 || err.code === 'ERR_NETWORK', String(err.code));
      for (const text of [err.message, JSON.stringify(err), JSON.stringify(err.config), String(err.stack)]) {
        ok(!text.includes('TOKEN-SECRET-PART'), `token leaked: ${text}`);
      }
      equal(err.config.headers.Authorization, 'Bearer [REDACTED]');
    }
    // Nor where a Custom API method put it: the URL, its own headers, telemetry.
    const appmixer = new Appmixer({ baseUrl: emulatorUrl, accessToken: token });
    const seen = [];
    appmixer.api.on('request', (info) => seen.push(info));
    const err = await rejects(
      appmixer.api._request({ url: `/no-such-route?t=${token}`, headers: { 'X-Echo': `a ${token} b`, authorization: 'Basic abc' } }),
    );
    equal(err.config.url, `${emulatorUrl}/no-such-route?t=[REDACTED]`);
    deepEqual(err.config.headers, { Authorization: 'Bearer [REDACTED]', 'X-Echo': 'a [REDACTED] b', authorization: '[REDACTED]' });
    equal(seen.length, 1);
    equal(seen[0].url, `${emulatorUrl}/no-such-route?t=[REDACTED]`);
    ok(!JSON.stringify(err).includes('TOKEN-SECRET-PART') && !JSON.stringify(seen).includes('TOKEN-SECRET-PART'));
  });

  test('bad arguments reject with ERR_INVALID_ARG naming method and argument, without a request', async () => {
    const { api } = await newUser();
    const seq = await emu.lastSeq();
    let events = 0;
    api.on('error', () => events++);
    for (const [call, method, arg] of [
      [() => api.authenticateUser(undefined, 'x'), 'authenticateUser', 'username'],
      [() => api.authenticateUser('x', 42), 'authenticateUser', 'password'],
      [() => api.signupUser({}, 'x'), 'signupUser', 'username'],
      [() => api.signupUser('x', null), 'signupUser', 'password'],
    ]) {
      const err = await rejects(call());
      equal(err.code, 'ERR_INVALID_ARG');
      ok(err.message.includes(method) && err.message.includes(`'${arg}'`), err.message);
    }
    equal(events, 0, 'no error event for bad arguments');
    deepEqual(await emu.since(seq), [], 'no request was sent');
    ok((await api.getUser()).id, 'the instance still works');
  });

  test('on twice calls twice, off removes one registration, unknown off is a no-op', async () => {
    const appmixer = new Appmixer({ baseUrl: DOWN });
    const calls = [];
    const h = (...args) => calls.push(args.length);
    appmixer.api.on('error', h).on('error', h);
    appmixer.api.off('error', () => {}); // unknown: nothing happens
    await rejects(appmixer.api.getUser());
    deepEqual(calls, [1, 1], 'called twice, with exactly one argument each time');
    appmixer.api.off('error', h);
    await rejects(appmixer.api.getUser());
    deepEqual(calls, [1, 1, 1]);
    appmixer.api.off('error', h);
    await rejects(appmixer.api.getUser());
    deepEqual(calls, [1, 1, 1]);
  });

  test('a throwing handler breaks neither the call nor the other handlers', async () => {
    const appmixer = new Appmixer({ baseUrl: DOWN });
    let after = 0;
    appmixer.api.on('error', () => {
      throw new Error('handler failure');
    });
    appmixer.api.on('error', () => after++);
    const reported = [];
    const consoleError = console.error;
    console.error = (...args) => reported.push(args);
    let err;
    try {
      err = await rejects(appmixer.api.getUser());
    } finally {
      console.error = consoleError;
    }
    equal(err.code, 'ERR_NETWORK', 'the call still rejects with its own error');
    equal(after, 1);
    equal(reported.length, 1, 'the throw is reported on console.error');
    ok(String(reported[0][0]).includes('handler threw') && reported[0][1].message === 'handler failure');
  });

  test('handlers may call on/off/set while being called', async () => {
    const appmixer = new Appmixer({ baseUrl: DOWN });
    const log = [];
    const late = () => log.push('late');
    const once = (e) => {
      log.push('once');
      appmixer.api.off('error', once);
      appmixer.api.on('error', late);
      appmixer.api.set('lastError', e.code);
    };
    appmixer.api.on('error', once);
    await rejects(appmixer.api.getUser());
    deepEqual(log, ['once'], 'a handler added during an emit runs from the next one');
    equal(appmixer.get('lastError'), 'ERR_NETWORK');
    await rejects(appmixer.api.getUser());
    deepEqual(log, ['once', 'late']);
  });

  test('Custom API methods replace built-ins and reach the pipeline through this._request', async () => {
    const { token, id } = await newUser();
    const appmixer = new Appmixer({
      baseUrl: emulatorUrl,
      accessToken: token,
      api: {
        async getUser() {
          const user = await this._request({ url: '/user', method: 'GET' });
          return { ...user, custom: this.get('baseUrl') };
        },
      },
    });
    const user = await appmixer.api.getUser();
    equal(user.id, id);
    equal(user.custom, emulatorUrl);
    const err = await rejects(appmixer.api._request({ url: '/no-such-route' }));
    equal(err.code, 404);
    const absolute = await appmixer.api._request({ url: `${emulatorUrl}/user` });
    equal(absolute.id, id, 'an absolute URL under baseUrl carries the token');
    const elsewhere = emulatorUrl.replace('127.0.0.1', 'localhost');
    const foreign = await rejects(appmixer.api._request({ url: `${elsewhere}/user` }));
    equal(foreign.code, 401, 'the token is never sent to another origin');
    // Below baseUrl means below it: a URL that only shares its prefix is elsewhere.
    appmixer.set('baseUrl', `${emulatorUrl}/us`);
    const sibling = await rejects(appmixer.api._request({ url: `${emulatorUrl}/user` }));
    equal(sibling.code, 401, 'no token for a URL that merely starts with baseUrl');
  });

  test('per-call options: an aborted signal rejects ERR_CANCELED without a request; bad options are ERR_INVALID_ARG', async () => {
    const { api } = await newUser();
    let events = 0;
    api.on('error', () => events++);
    const seq = await emu.lastSeq();
    const controller = new AbortController();
    controller.abort();
    const err = await rejects(api.getUser({ signal: controller.signal }));
    equal(err.code, 'ERR_CANCELED');
    equal(err.message, 'canceled');
    equal(events, 1, 'a canceled call is a failed call');
    for (const [opts, arg] of [[5, 'options'], [{ signal: {} }, 'options.signal'], [{ timeout: -1 }, 'options.timeout'], [{ timeout: 'x' }, 'options.timeout']]) {
      const bad = await rejects(api.getUser(opts));
      equal(bad.code, 'ERR_INVALID_ARG');
      ok(bad.message.includes(`'${arg}'`), bad.message);
    }
    deepEqual(await emu.since(seq), [], 'nothing was sent');
    const user = await api.getUser({ timeout: 5000, signal: new AbortController().signal });
    ok(user.id, 'valid options pass through');
    const flows = await api.getFlows(undefined, { timeout: 5000 });
    ok(Array.isArray(flows), 'options after a skipped optional parameter');
  });

  // Browsers send by XMLHttpRequest (measured faster than fetch for a call)
  // while fewer than 6 are in flight, and the rest of a burst by fetch (faster
  // in a queue); Resource Timing says which carried each request. Node has
  // fetch only, so the test exists only where XMLHttpRequest does.
  if (typeof XMLHttpRequest === 'function') {
    test('in a browser, a call goes by XHR and a burst past 6 in flight by fetch', async () => {
      const { api, id } = await newUser();
      // Requests that cannot be made (a header name with a space) do not
      // count as in flight: afterwards calls still go by XHR.
      for (let i = 0; i < 7; i++) {
        equal((await rejects(api._request({ url: '/user', headers: { 'bad name': 'x' } }))).code, 'ERR_NETWORK');
      }
      const carriers = () => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/user').map((e) => e.initiatorType);
      performance.clearResourceTimings();
      equal((await api.getUser()).id, id);
      deepEqual(carriers(), ['xmlhttprequest']);
      performance.clearResourceTimings();
      const users = await Promise.all(Array.from({ length: 20 }, () => api.getUser()));
      ok(users.every((u) => u.id === id), 'every call of the burst answered');
      const seen = carriers();
      equal(seen.filter((k) => k === 'xmlhttprequest').length, 6, seen.join());
      equal(seen.filter((k) => k === 'fetch').length, 14, seen.join());
    });
  }
}
