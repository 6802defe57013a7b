// npm run bench: the SDK side by side with raw fetch and an axios client, in
// headless Chromium against the release emulator. Writes bench/results.json
// and prints a table. See bench/README.md for the method.
//
//   node bench/run.mjs [--quick]     (--quick: small counts, for trying the
//                                     harness; writes bench/results.quick.json)
//
// Targets are informational: the exit code is 0 whatever the figures, 1 only
// when the bench itself is invalid (a call failed or answered wrongly), 2 when
// it could not run, 130 when interrupted.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { startEmulator } from '../scripts/emulator.mjs';
import { serve } from '../scripts/serve.mjs';
import { measureSizes, formatSizes } from './size.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args.some((a) => a !== '--quick')) {
  console.error(`bench: unknown argument (usage: node bench/run.mjs [--quick])`);
  process.exit(2);
}
const quick = args.includes('--quick');
// The committed figures are a full run's; a quick run writes beside them.
const resultsName = quick ? 'results.quick.json' : 'results.json';

const CONFIG = {
  seed: { count: quick ? 200 : 2000, concurrency: 20, descriptorBytes: 1700 },
  cold: { pages: quick ? 3 : 10 },
  small: { n: quick ? 200 : 2000, warmup: quick ? 20 : 100 },
  large: { runs: quick ? 3 : 15, warmup: 2 },
  concurrency: { rounds: quick ? 2 : 7, warmup: 1, calls: quick ? 200 : 1000 },
  memory: { n: quick ? 1000 : 10000, warmup: 300 },
};
const TARGETS = {
  gzipBytes: 25000, // 25 KB, read strictly (as in the CI budget)
  smallVsFetch: 1.05,
  smallVsAxios: 1.0,
  largeVsFetch: 1.1,
  concurrencyVsFetch: 1.1,
  // "No memory growth": wasm linear memory and the externref table exactly
  // unchanged, and the JS heap (after forced GC) within this much of where it started.
  jsHeapSlackBytes: 256 * 1024,
};

// For the memory phase: exact performance.memory figures and a gc() to call.
const EXTRA_CHROMIUM_ARGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];

// ---------------------------------------------------------------------------
// statistics

function quantile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const median = (v) => quantile(v, 0.5);
const round = (x, d = 3) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
/** n, median, p95, mean, min, max (ms to 4 decimals: below the 5 µs timer step). */
function stats(values) {
  const r4 = (x) => round(x, 4);
  return {
    n: values.length,
    median: r4(median(values)),
    p95: r4(quantile(values, 0.95)),
    mean: r4(values.reduce((a, b) => a + b, 0) / values.length),
    min: r4(Math.min(...values)),
    max: r4(Math.max(...values)),
  };
}
/** Median of sample-by-sample ratios of two interleaved series (a cross-check of the ratio of medians). */
const pairedRatio = (a, b) => median(a.map((x, i) => x / b[i]).filter(Number.isFinite));
function summarize(ms, vs = ['fetch', 'axios']) {
  const out = { stats: {}, ratioOfMedians: {}, pairedMedianRatio: {} };
  for (const [k, v] of Object.entries(ms)) out.stats[k] = stats(v);
  for (const other of vs) {
    if (!ms[other]) continue;
    out.ratioOfMedians[other] = round(median(ms.sdk) / median(ms[other]));
    out.pairedMedianRatio[other] = round(pairedRatio(ms.sdk, ms[other]));
  }
  return out;
}

// ---------------------------------------------------------------------------
// cold start: one fresh browser context (own renderer, sockets, caches and
// CORS preflight cache) per sample; runs inside the page.

async function coldSample({ kind, baseUrl, token }) {
  const origin = location.origin;
  const isUser = (u) => u && typeof u.id === 'string' && typeof u.username === 'string';
  const t0 = performance.now();
  try {
    if (kind === 'sdk') {
      // The shipped browser module, as a page or bundler gets it (the glue is
      // inside it; the .wasm is its one other download).
      const m = await import(`${origin}/dist/appmixer.mjs`);
      const tImport = performance.now();
      const api = new m.Appmixer({ baseUrl, accessToken: token }).api;
      const first = api.getUser();
      // Waits for the load the import started (one tiny call after it).
      let tReady;
      m.wasmDiagnostics().then(() => { tReady = performance.now(); });
      const user = await first;
      const tDone = performance.now();
      const entries = performance.getEntriesByType('resource');
      const wasm = entries.find((e) => e.name.endsWith('.wasm'));
      return {
        // [path, requested, answered] in ms from t0: where the load time goes.
        resources: entries.map((e) => [new URL(e.name).pathname, +(e.startTime - t0).toFixed(2), +(e.responseEnd - t0).toFixed(2)]),
        ok: isUser(user),
        total: tDone - t0,
        import: tImport - t0,
        wasmReady: tReady !== undefined ? tReady - t0 : null,
        wasmDownloaded: wasm ? wasm.responseEnd - t0 : null,
      };
    }
    if (kind === 'fetch') {
      const res = await fetch(`${baseUrl}/user`, { headers: { Authorization: `Bearer ${token}` } });
      const user = res.ok ? await res.json() : null;
      return { ok: isUser(user), total: performance.now() - t0 };
    }
    const { default: axios } = await import(`${origin}/node_modules/axios/dist/esm/axios.min.js`);
    const tImport = performance.now();
    const ax = axios.create({ baseURL: baseUrl, headers: { Authorization: `Bearer ${token}` } });
    const user = (await ax.get('/user')).data;
    return { ok: isUser(user), total: performance.now() - t0, import: tImport - t0 };
  } catch (e) {
    return { ok: false, total: performance.now() - t0, error: String(e?.message ?? e) };
  }
}

// ---------------------------------------------------------------------------

function check(cond, message) {
  if (!cond) {
    console.error(`bench: ${message}`);
    process.exit(2);
  }
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[${elapsed().padStart(7)}] ${msg}`);

check(existsSync(`${root}pkg/appmixer_wasm_bg.wasm`), 'pkg/ is missing: run `npm run build` first');
check(existsSync(`${root}dist/appmixer.mjs`), 'dist/appmixer.mjs is missing: run `npm run build` first');
check(existsSync(`${root}target/release/appmixer-emulator`), 'target/release/appmixer-emulator is missing: run `npm run build` first');
check(existsSync(`${root}node_modules/axios/dist/esm/axios.min.js`), 'axios is not installed: run `npm ci`');

const results = {
  date: new Date().toISOString(),
  quick,
  config: CONFIG,
  targets: TARGETS,
  environment: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavgAtStart: os.loadavg().map((x) => round(x, 2)) },
};
const failures = {}; // phase -> {calls, failed, examples}
const addFailures = (phase, f) => {
  failures[phase] = f;
};

log('shipped size');
results.size = measureSizes();
// A rebuild during the run would mix two builds: noted in the results.
const stamp = () => results.size.files.map((f) => { try { return statSync(root + f.file).mtimeMs; } catch { return 0; } }).join();
const stampAtStart = stamp();

const emulator = await startEmulator([]);
// Whatever ends this process (a crash, a closed pipe), the emulator goes with it.
process.on('exit', () => emulator.stop());
const { server, url } = await serve({ extraDirs: ['/bench/', '/node_modules/axios/'] });
// Cross-origin isolation for the bench pages: performance.now() then ticks in
// 5 µs steps instead of 100 µs, which matters for ~1 ms calls. The emulator's
// answers carry CORS headers, so require-corp lets every request through.
server.prependListener('request', (_req, res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
});
const browser = await launchChromium({ extraArgs: EXTRA_CHROMIUM_ARGS }).catch((err) => {
  console.error(`bench: Chromium did not start: ${err.message}`);
  process.exit(2);
});
// Stopping the emulator also lets the process end by itself (its child would
// keep it alive); the exit hook above is for ends that skip this.
const stopAll = async () => {
  await browser.close().catch(() => {});
  server.close();
  emulator.stop();
};
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    interrupted = true;
    stopAll().finally(() => process.exit(130));
  });
}
// A hung request must not hang CI: give up after 10 minutes.
setTimeout(() => {
  console.error('bench: still running after 10 minutes, giving up');
  stopAll().finally(() => process.exit(2));
}, 600_000).unref();

const pageErrors = [];
async function openPage({ withBench = true } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('requestfailed', (req) => pageErrors.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => { if (res.status() >= 400) pageErrors.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`); });
  await page.goto(`${url}/bench/page.html`);
  if (withBench) await page.evaluate(async () => { window.bench = await import('/bench/page.js'); });
  return { page, close: () => context.close() };
}

let exitCode = 0;
try {
  results.environment.chromium = browser.version();
  results.environment.emulator = `${emulator.url} (target/release)`;
  const baseUrl = emulator.url;

  // --- setup: a fresh user with many flows -------------------------------
  log(`seeding a fresh user with ${CONFIG.seed.count} flows (createFlow through the SDK, ${CONFIG.seed.concurrency} at a time)`);
  const main = await openPage();
  const seeded = await main.page.evaluate((a) => window.bench.seed(a), { baseUrl, ...CONFIG.seed });
  addFailures('seed (createFlow)', seeded.failures);
  if (seeded.flowIds.length !== CONFIG.seed.count) throw new Error(`seeding failed: ${JSON.stringify(seeded.failures)}`);
  const env = await main.page.evaluate((a) => window.bench.init(a), { baseUrl, token: seeded.token, userId: seeded.userId });
  const timerStep = await main.page.evaluate(() => window.bench.timerResolution());
  const answerBytes = await main.page.evaluate((a) => window.bench.answerBytes(a), { baseUrl, token: seeded.token, limit: CONFIG.seed.count });
  results.setup = { flows: seeded.flowIds.length, descriptorBytes: seeded.descriptorBytes, getFlowsAnswerBytes: answerBytes, seedMs: round(seeded.ms, 1) };
  results.environment.crossOriginIsolated = env.crossOriginIsolated;
  results.environment.timerResolutionMs = round(timerStep, 4);
  results.environment.userAgent = env.userAgent;
  log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s; getFlows({limit: ${CONFIG.seed.count}}) answers ${(answerBytes / 1e6).toFixed(2)} MB; timer step ${round(timerStep * 1000, 1)} µs`);

  // --- cold start ---------------------------------------------------------
  log(`cold start: ${CONFIG.cold.pages} fresh pages per client`);
  const cold = { sdk: [], fetch: [], axios: [] };
  const coldFail = { calls: { sdk: 0, fetch: 0, axios: 0 }, failed: { sdk: 0, fetch: 0, axios: 0 }, examples: [] };
  const kinds = ['sdk', 'fetch', 'axios'];
  for (let i = 0; i < CONFIG.cold.pages; i++) {
    const order = i % 2 ? [...kinds].reverse() : kinds;
    for (const kind of [...order.slice(i % 3), ...order.slice(0, i % 3)]) {
      const p = await openPage({ withBench: false });
      const r = await p.page.evaluate(coldSample, { kind, baseUrl, token: seeded.token });
      await p.close();
      coldFail.calls[kind]++;
      if (!r.ok) {
        coldFail.failed[kind]++;
        if (coldFail.examples.length < 5) coldFail.examples.push(`${kind}: ${r.error ?? 'unexpected answer'}`);
      }
      cold[kind].push(r);
    }
  }
  addFailures('cold start (getUser)', coldFail);
  const col = (kind, key) => cold[kind].map((r) => r[key]).filter((x) => typeof x === 'number');
  results.coldStart = {
    sdk: { total: stats(col('sdk', 'total')), import: stats(col('sdk', 'import')), wasmDownloaded: stats(col('sdk', 'wasmDownloaded')), wasmReady: stats(col('sdk', 'wasmReady')) },
    fetch: { total: stats(col('fetch', 'total')) },
    axios: { total: stats(col('axios', 'total')), import: stats(col('axios', 'import')) },
    samples: cold,
  };
  results.coldStart.sdkOverheadVsFetchMs = round(results.coldStart.sdk.total.median - results.coldStart.fetch.total.median, 2);
  results.coldStart.axiosOverheadVsFetchMs = round(results.coldStart.axios.total.median - results.coldStart.fetch.total.median, 2);

  // --- small call -----------------------------------------------------------
  log(`small call: ${CONFIG.small.n} interleaved getUser calls per client`);
  const small = await main.page.evaluate((a) => window.bench.smallCalls(a), CONFIG.small);
  addFailures('small call (getUser)', small.failures);
  results.smallCall = summarize(small.ms);

  // --- large result ---------------------------------------------------------
  log(`large result: ${CONFIG.large.runs} interleaved getFlows({limit: ${CONFIG.seed.count}}) per client`);
  const large = await main.page.evaluate((a) => window.bench.largeResult(a), { ...CONFIG.large, limit: CONFIG.seed.count });
  addFailures('large result (getFlows)', large.failures);
  results.largeResult = { ...summarize(large.ms), samples: large.ms };

  // --- concurrency ----------------------------------------------------------
  log(`concurrency: ${CONFIG.concurrency.rounds} interleaved rounds of ${CONFIG.concurrency.calls} concurrent getFlow per client`);
  const conc = await main.page.evaluate((a) => window.bench.concurrency(a), {
    rounds: CONFIG.concurrency.rounds,
    warmup: CONFIG.concurrency.warmup,
    ids: seeded.flowIds.slice(0, CONFIG.concurrency.calls),
  });
  addFailures('concurrency (getFlow)', conc.failures);
  results.concurrency = { ...summarize(conc.ms), samples: conc.ms };
  await main.close();

  // --- memory ----------------------------------------------------------------
  results.memory = {};
  for (const kind of ['sdk', 'fetch']) {
    log(`memory: ${CONFIG.memory.n} sequential getUser calls (${kind}, fresh page)`);
    const p = await openPage();
    await p.page.evaluate((a) => window.bench.init(a), { baseUrl, token: seeded.token, userId: seeded.userId });
    const m = await p.page.evaluate((a) => window.bench.memory(a), { kind, ...CONFIG.memory });
    await p.close();
    addFailures(`memory (getUser, ${kind})`, m.failures);
    const first = m.samples[0];
    const last = m.samples.at(-1);
    results.memory[kind] = {
      samples: m.samples,
      jsHeapGrowthBytes: last.jsHeap - first.jsHeap,
      jsHeapGrowthPerCallBytes: round((last.jsHeap - first.jsHeap) / CONFIG.memory.n, 2),
      wasmMemoryGrowthBytes: kind === 'sdk' ? last.wasmMemory - first.wasmMemory : null,
      externrefTableGrowth: kind === 'sdk' && last.externrefTable !== null ? last.externrefTable - first.externrefTable : null,
    };
  }
} catch (err) {
  // An interrupt closes the browser under the running phase: not a failure to report.
  if (!interrupted) {
    console.error(err);
    for (const e of pageErrors) console.error(`  page: ${e}`);
  }
  exitCode = interrupted ? 130 : 2;
} finally {
  await stopAll();
}
if (exitCode) process.exit(exitCode);

// ---------------------------------------------------------------------------
// verdicts and the table

const pass = (ok) => (ok ? 'PASS' : 'MISS');
const ms = (x) => `${x.toFixed(x < 10 ? 3 : 1)} ms`;
const r = results;
const memSdk = r.memory.sdk;
const memOk = memSdk.wasmMemoryGrowthBytes === 0 && (memSdk.externrefTableGrowth ?? 0) === 0 && memSdk.jsHeapGrowthBytes <= TARGETS.jsHeapSlackBytes;
r.verdicts = {
  size: { value: r.size.total.gzip, target: `<= ${TARGETS.gzipBytes} B gzip`, result: pass(r.size.total.gzip <= TARGETS.gzipBytes) },
  smallVsFetch: { value: r.smallCall.ratioOfMedians.fetch, target: `<= ${TARGETS.smallVsFetch}`, result: pass(r.smallCall.ratioOfMedians.fetch <= TARGETS.smallVsFetch) },
  smallVsAxios: { value: r.smallCall.ratioOfMedians.axios, target: `<= ${TARGETS.smallVsAxios}`, result: pass(r.smallCall.ratioOfMedians.axios <= TARGETS.smallVsAxios) },
  largeVsFetch: { value: r.largeResult.ratioOfMedians.fetch, target: `<= ${TARGETS.largeVsFetch}`, result: pass(r.largeResult.ratioOfMedians.fetch <= TARGETS.largeVsFetch) },
  concurrencyVsFetch: { value: r.concurrency.ratioOfMedians.fetch, target: `<= ${TARGETS.concurrencyVsFetch}`, result: pass(r.concurrency.ratioOfMedians.fetch <= TARGETS.concurrencyVsFetch) },
  memory: { value: { jsHeapGrowthBytes: memSdk.jsHeapGrowthBytes, wasmMemoryGrowthBytes: memSdk.wasmMemoryGrowthBytes, externrefTableGrowth: memSdk.externrefTableGrowth }, target: `wasm memory +0, externref table +0, JS heap <= +${TARGETS.jsHeapSlackBytes} B`, result: pass(memOk) },
};
const totalCalls = Object.values(failures).reduce((a, f) => a + Object.values(f.calls).reduce((x, y) => x + y, 0), 0);
const totalFailed = Object.values(failures).reduce((a, f) => a + Object.values(f.failed).reduce((x, y) => x + y, 0), 0);
r.failures = { calls: totalCalls, failed: totalFailed, byPhase: failures, pageErrors };
r.pkgChangedDuringRun = stamp() !== stampAtStart;
r.valid = totalFailed === 0 && pageErrors.length === 0 && !r.pkgChangedDuringRun;
r.durationSeconds = round((Date.now() - started) / 1000, 1);
writeFileSync(new URL(resultsName, import.meta.url), `${JSON.stringify(r, null, 2)}\n`);

const rows = [];
const row = (...cells) => rows.push(cells);
const s = (phase, kind) => phase.stats[kind];
row('figure', 'SDK', 'fetch', 'axios', 'SDK/fetch', 'SDK/axios', 'target', '');
row('shipped size, gzip -9 (brotli)', `${(r.size.total.gzip / 1024).toFixed(1)} KB (${(r.size.total.brotli / 1024).toFixed(1)} KB)`, '', '', '', '', '<= 25 KB gzip', r.verdicts.size.result);
row('cold start to first getUser, median', ms(r.coldStart.sdk.total.median), ms(r.coldStart.fetch.total.median), ms(r.coldStart.axios.total.median), `+${ms(r.coldStart.sdkOverheadVsFetchMs)}`, '', '(none)', '');
row('  SDK: import / wasm downloaded / ready', `${ms(r.coldStart.sdk.import.median)} / ${ms(r.coldStart.sdk.wasmDownloaded.median)} / ${ms(r.coldStart.sdk.wasmReady.median)}`, '', '', '', '', '', '');
for (const [label, phase, key, tFetch, tAxios] of [
  ['small call getUser, median', r.smallCall, 'median', 'smallVsFetch', 'smallVsAxios'],
  ['small call getUser, p95', r.smallCall, 'p95', null, null],
  [`large getFlows (${(r.setup.getFlowsAnswerBytes / 1e6).toFixed(1)} MB), median`, r.largeResult, 'median', 'largeVsFetch', null],
  [`${CONFIG.concurrency.calls} concurrent getFlow, median wall`, r.concurrency, 'median', 'concurrencyVsFetch', null],
]) {
  const ratio = (o) => (key === 'median' ? phase.ratioOfMedians[o] : s(phase, 'sdk')[key] / s(phase, o)[key]).toFixed(3);
  const targets = [tFetch && `${r.verdicts[tFetch].target} fetch`, tAxios && `${r.verdicts[tAxios].target} axios`].filter(Boolean).join(', ');
  const verdict = [tFetch && r.verdicts[tFetch].result, tAxios && r.verdicts[tAxios].result].filter(Boolean).join('/');
  row(label, ms(s(phase, 'sdk')[key]), ms(s(phase, 'fetch')[key]), ms(s(phase, 'axios')[key]), ratio('fetch'), ratio('axios'), targets, verdict);
}
row(`JS heap growth, ${CONFIG.memory.n} getUser (after GC)`, `${memSdk.jsHeapGrowthBytes} B`, `${r.memory.fetch.jsHeapGrowthBytes} B`, '', '', '', 'no growth', r.verdicts.memory.result);
const ends = (samples, key) => `${samples[0][key]} -> ${samples.at(-1)[key]}`;
row('  JS heap before -> after, B', ends(memSdk.samples, 'jsHeap'), ends(r.memory.fetch.samples, 'jsHeap'), '', '', '', '', '');
row('wasm memory / externref table growth', `${memSdk.wasmMemoryGrowthBytes} B / ${memSdk.externrefTableGrowth}`, '', '', '', '', 'no growth', r.verdicts.memory.result);
row('  wasm memory before -> after, B', ends(memSdk.samples, 'wasmMemory'), '', '', '', '', '', '');
const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => String(x[i]).length)));
console.log('');
console.log(formatSizes(r.size));
console.log('');
for (const [i, x] of rows.entries()) {
  console.log(x.map((c, j) => (j === 0 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log('');
console.log(`ratios are medians of interleaved runs; paired-ratio cross-check: small ${r.smallCall.pairedMedianRatio.fetch}/${r.smallCall.pairedMedianRatio.axios}, large ${r.largeResult.pairedMedianRatio.fetch}/${r.largeResult.pairedMedianRatio.axios}, concurrency ${r.concurrency.pairedMedianRatio.fetch}/${r.concurrency.pairedMedianRatio.axios} (vs fetch/axios)`);
console.log(`timer step ${round(r.environment.timerResolutionMs * 1000, 1)} µs (crossOriginIsolated: ${r.environment.crossOriginIsolated}); ${r.environment.cpus} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; Chromium ${r.environment.chromium}`);
console.log(`calls: ${totalCalls}, failed: ${totalFailed}${pageErrors.length ? `, page errors: ${pageErrors.length}` : ''}; took ${r.durationSeconds} s; wrote bench/${resultsName}`);
if (!r.valid) {
  console.log('INVALID BENCH:');
  for (const [phase, f] of Object.entries(failures)) if (Object.values(f.failed).some((n) => n)) console.log(`  ${phase}: ${JSON.stringify(f.failed)} ${f.examples.join('; ')}`);
  for (const e of pageErrors) console.log(`  page error: ${e}`);
  if (r.pkgChangedDuringRun) console.log('  the shipped files changed during the run (a rebuild?): run it again');
  process.exit(1);
}
