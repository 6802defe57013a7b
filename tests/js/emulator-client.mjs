// Reads what the emulator received (its --test-hooks request recorder), so
// tests assert the wire request and not only the resolved value.
export function emulatorClient(baseUrl) {
  const hooks = `${baseUrl.replace(/\/$/, '')}/_emulator`;
  let known = 0; // newest seq seen, so each read fetches only what is new
  return {
    async requests({ since, userId } = {}) {
      const q = new URLSearchParams();
      if (since !== undefined) q.set('since', String(since));
      if (userId !== undefined) q.set('userId', userId);
      const res = await fetch(`${hooks}/requests?${q}`);
      if (!res.ok) throw new Error(`recorder answered ${res.status}`);
      const records = await res.json();
      if (records.length) known = Math.max(known, records[records.length - 1].seq);
      return records;
    },
    /** The seq of the newest record, to read only what a test causes. */
    async lastSeq() {
      await this.requests({ since: known });
      return known;
    },
    /** Requests since `seq`, without CORS preflights. */
    async since(seq) {
      return (await this.requests({ since: seq })).filter((r) => r.method !== 'OPTIONS');
    },
    /** Arms a fault rule: the next `times` requests to `path` answer with `fault`. */
    async fault(rule) {
      const res = await fetch(`${hooks}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
      if (!res.ok) throw new Error(`fault rule refused: ${res.status} ${await res.text()}`);
      return (await res.json()).faultId;
    },
    async clearFaults() {
      await fetch(`${hooks}/faults`, { method: 'DELETE' });
    },
    async mintToken(userId, expiresIn) {
      const res = await fetch(`${hooks}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, expiresIn }),
      });
      return (await res.json()).token;
    },
  };
}

export function uniqueName(prefix = 'user') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@test.local`;
}

/** A new user, signed up and signed in on a fresh Appmixer instance. */
export async function signedInUser(Appmixer, emulatorUrl, prefix = 'user', config = {}) {
  const email = uniqueName(prefix);
  const appmixer = new Appmixer({ baseUrl: emulatorUrl, ...config });
  const { token, id } = await appmixer.api.signupUser(email, 'pw');
  appmixer.set('accessToken', token);
  return { appmixer, api: appmixer.api, id, token, email, username: email };
}

/** Runs `fn`, asserts it caused exactly one request (preflights aside), returns it with the result. */
export async function observeOne(emu, fn) {
  const seq = await emu.lastSeq();
  const result = await fn();
  const seen = await emu.since(seq);
  if (seen.length !== 1) {
    throw new Error(`expected exactly one request, saw ${seen.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`);
  }
  return { req: seen[0], result };
}
