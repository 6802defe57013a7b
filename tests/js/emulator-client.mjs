// Reads what the emulator received (its --test-hooks request recorder), so
// tests assert the wire request and not only the resolved value.
export function emulatorClient(baseUrl) {
  const hooks = `${baseUrl.replace(/\/$/, '')}/_emulator`;
  return {
    async requests({ since, userId } = {}) {
      const q = new URLSearchParams();
      if (since !== undefined) q.set('since', String(since));
      if (userId !== undefined) q.set('userId', userId);
      const res = await fetch(`${hooks}/requests?${q}`);
      if (!res.ok) throw new Error(`recorder answered ${res.status}`);
      return res.json();
    },
    /** The seq of the newest record, to read only what a test causes. */
    async lastSeq() {
      const all = await this.requests();
      return all.length ? all[all.length - 1].seq : 0;
    },
    /** Requests since `seq`, without CORS preflights. */
    async since(seq) {
      return (await this.requests({ since: seq })).filter((r) => r.method !== 'OPTIONS');
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
