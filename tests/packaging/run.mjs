// Packaging tests (issue 7.2, "every runtime, zero config"): the published
// tarball, installed by `npm install <tgz>` into fresh projects, works with no
// configuration in Vite, webpack 5, a plain <script type="module"> page, Node
// ESM and Node CommonJS, against the emulator; and through the Vite dev server.
//
//   node tests/packaging/run.mjs [kind ...]     (after `npm run build`)
//
// Kinds: vite, vite-dev, webpack, script-module, node-esm, node-cjs (default: all). The
// tarball's file list is checked first. Uses $APPMIXER_EMULATOR_URL if set,
// else starts target/release/appmixer-emulator --seed demo --test-hooks.
// Every project lives in one temp dir under os.tmpdir(), removed at the end
// (KEEP_TMP=1 keeps it and prints where). Prints `ok - [packaging] <kind>` or
// `not ok - ...` plus the reason, each with its timing, then `N passed, M failed`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startEmulator } from '../../scripts/emulator.mjs';
import { serveDir } from './static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));


const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'];
// vite-dev uses the current Vite: Vite 7's dev server pre-bundles dependencies
// with esbuild and leaves their `new URL('…', import.meta.url)` pointing into
// node_modules/.vite/ (vitejs/vite#8427); Vite 8 rewrites it.
const TOOLS = { vite: ['vite@^7'], viteDev: ['vite@^8'], webpack: ['webpack@^5', 'webpack-cli@^6'] };
const DEMO = { email: 'demo@example.com', password: 'demo1234' };

// What the tarball must and must not hold (paths relative to the package root).
const MUST_CONTAIN = ['package.json', 'js/index.js', 'js/node.mjs', 'js/index.d.ts', 'js/error.js', 'js/facade.js', 'js/query.js', 'js/transport.js',
  'pkg/appmixer_wasm.js', 'pkg/appmixer_wasm_bg.wasm', 'pkg/methods.js', 'dist/appmixer.mjs', 'dist/node.cjs', 'dist/node.d.cts', 'LICENSE'];
const MUST_NOT_CONTAIN = ['src/', 'emulator/', 'tests/', 'target/', 'demo/', 'scripts/', 'node_modules/'];

// ---------------------------------------------------------------------------
// The app every kind runs. Injected into each project as source text
// (check.toString()), so it must stay self-contained; it never rejects.
async function check(Appmixer, AppmixerError, baseUrl) {
  const out = { ok: false };
  try {
    const appmixer = new Appmixer({ baseUrl });
    out.sameApi = appmixer.api === appmixer.api;
    const auth = await appmixer.api.authenticateUser('demo@example.com', 'demo1234');
    out.gotToken = typeof auth?.token === 'string' && auth.token.length > 0;
    appmixer.set('accessToken', auth?.token);
    const user = await appmixer.api.getUser();
    out.email = user?.email;
    try {
      await appmixer.api.getFlow('nope');
      out.failure = { rejected: false };
    } catch (err) {
      out.failure = {
        rejected: true,
        isAppmixerError: err instanceof AppmixerError,
        isError: err instanceof Error,
        code: err?.code,
        message: String(err?.message ?? err),
      };
    }
    out.ok = out.sameApi === true && out.gotToken === true && out.email === 'demo@example.com' &&
      out.failure.rejected && out.failure.isAppmixerError && out.failure.code === 404;
  } catch (err) {
    out.thrown = String(err?.stack ?? err);
    if (err?.code !== undefined) out.thrownCode = err.code;
  }
  return out;
}

const PAGE_REPORT = `
const baseUrl = new URLSearchParams(location.search).get('emulator');
check(Appmixer, AppmixerError, baseUrl).then((result) => {
  window.__appmixerResult = result;
  const el = document.getElementById('result');
  el.textContent = JSON.stringify(result);
  el.dataset.done = 'true';
});
`;
const html = (title, script) => `<!doctype html>
<html>
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>appmixer-wasm packaging: ${title}</title></head>
<body>
<pre id="result"></pre>
${script}
</body>
</html>
`;
const appPackage = (kind, scripts = {}) =>
  JSON.stringify({ name: `appmixer-packaging-${kind}`, version: '0.0.0', private: true, scripts }, null, 2) + '\n';

// Each kind: its tools, its files, an optional build command, and how it runs
// (a page served from `serve` and opened in Chromium, or a node script).
const KINDS = {
  vite: {
    tools: TOOLS.vite,
    files: {
      'package.json': appPackage('vite', { build: 'vite build' }),
      'index.html': html('vite', '<script type="module" src="/main.js"></script>'),
      'main.js': `import { Appmixer, AppmixerError } from 'appmixer-wasm';\n\n${check}\n${PAGE_REPORT}`,
    },
    build: ['npm', ['run', '--silent', 'build']],
    serve: 'dist',
  },
  'vite-dev': {
    // The dev server (no build): the package goes through Vite's dependency pre-bundling.
    tools: TOOLS.viteDev,
    files: {
      'package.json': appPackage('vite-dev', { dev: 'vite' }),
      'index.html': html('vite-dev', '<script type="module" src="/main.js"></script>'),
      'main.js': `import { Appmixer, AppmixerError } from 'appmixer-wasm';\n\n${check}\n${PAGE_REPORT}`,
    },
    devServer: (port) => ['node_modules/.bin/vite', ['--host', '127.0.0.1', '--port', String(port), '--strictPort']],
  },
  webpack: {
    // Zero config: no webpack.config.js; default entry src/index.js, output dist/main.js.
    tools: TOOLS.webpack,
    files: {
      'package.json': appPackage('webpack', { build: 'webpack --mode production' }),
      'src/index.js': `import { Appmixer, AppmixerError } from 'appmixer-wasm';\n\n${check}\n${PAGE_REPORT}`,
    },
    build: ['npm', ['run', '--silent', 'build']],
    // webpack emits no HTML without a plugin: the page is written next to the bundle.
    afterBuild: { 'dist/index.html': html('webpack', '<script src="main.js"></script>') },
    serve: 'dist',
  },
  'script-module': {
    tools: [],
    files: {
      'package.json': appPackage('script-module'),
      'index.html': html('script-module', `<script type="module">
import { Appmixer, AppmixerError } from '/node_modules/appmixer-wasm/js/index.js';

${check}
${PAGE_REPORT}</script>`),
    },
    serve: '.',
  },
  'node-esm': {
    tools: [],
    files: {
      'package.json': appPackage('node-esm'),
      'main.mjs': `import { Appmixer, AppmixerError } from 'appmixer-wasm';

${check}

const result = await check(Appmixer, AppmixerError, process.argv[2]);
result.entry = typeof import.meta.resolve === 'function' ? import.meta.resolve('appmixer-wasm') : null;
console.log(JSON.stringify(result));
`,
    },
    node: 'main.mjs',
    entry: '/node_modules/appmixer-wasm/js/node.mjs',
  },
  'node-cjs': {
    tools: [],
    files: {
      'package.json': appPackage('node-cjs'),
      'main.cjs': `'use strict';
const { Appmixer, AppmixerError } = require('appmixer-wasm');

${check}

check(Appmixer, AppmixerError, process.argv[2]).then((result) => {
  result.entry = require.resolve('appmixer-wasm');
  console.log(JSON.stringify(result));
});
`,
    },
    node: 'main.cjs',
    entry: '/node_modules/appmixer-wasm/dist/node.cjs',
  },
};

// ---------------------------------------------------------------------------
// Helpers.

let interrupted = false; // set by the cleanup: start nothing new, report nothing more

// Commands still running, each the leader of its own process group (npm runs
// its scripts in subprocesses), so a timeout or an interrupt ends them whole.
const running = new Map(); // child -> Promise of its exit
const killGroup = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
};

/** Runs a command (never synchronously: the emulator's output pipe must keep draining). */
function exec(cmd, args, { cwd, timeout = 180_000, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    if (interrupted) return reject(new Error('interrupted'));
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true });
    running.set(child, new Promise((done) => child.on('close', done)));
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeout);
    child.on('error', (err) => {
      clearTimeout(timer);
      running.delete(child);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) return resolve({ stdout, stderr });
      const why = timedOut ? `still running after ${timeout / 1000} s` : signal ? `killed by ${signal}` : `exit code ${code}`;
      reject(new Error(`\`${cmd} ${args.join(' ')}\` failed: ${why}\n${tail(stdout + stderr)}`));
    });
  });
}

const tail = (text, lines = 30) => text.trim().split('\n').slice(-lines).join('\n');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function timed(timings, name, fn) {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = performance.now() - t0;
  }
}

async function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

/** Problems with a result object from `check` (empty: all good). */
function problems(result) {
  if (!result || typeof result !== 'object') return [`no result object (got ${JSON.stringify(result)})`];
  const p = [];
  if (result.thrown) {
    const code = result.thrownCode !== undefined ? ` (code ${JSON.stringify(result.thrownCode)})` : '';
    p.push(`the app threw${code}: ${result.thrown.split('\n').slice(0, 6).join('\n')}`);
  }
  if (result.sameApi !== true) p.push('appmixer.api === appmixer.api was not true');
  if (!result.thrown && result.gotToken !== true) p.push('authenticateUser did not resolve to {token}');
  if (!result.thrown && result.email !== DEMO.email) p.push(`getUser().email was ${JSON.stringify(result.email)}, not ${DEMO.email}`);
  const f = result.failure;
  if (f) {
    if (!f.rejected) p.push("getFlow('nope') resolved instead of rejecting");
    else {
      if (!f.isAppmixerError) p.push(`getFlow('nope') rejected with something not instanceof AppmixerError (${f.message})`);
      if (!f.isError) p.push("getFlow('nope') rejected with something not instanceof Error");
      if (f.code !== 404) p.push(`getFlow('nope') rejected with code ${JSON.stringify(f.code)}, not 404 (${f.message})`);
    }
  } else if (!result.thrown) p.push("getFlow('nope') was not tried");
  if (p.length === 0 && result.ok !== true) p.push(`the app reported ok: ${JSON.stringify(result.ok)}`);
  return p;
}

// ---------------------------------------------------------------------------
// Steps.

async function packTarball(dest) {
  for (const f of MUST_CONTAIN) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing at the repo root: run \`npm run build\` first`);
  }
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dest, '--loglevel=error'], { cwd: root });
  const [info] = JSON.parse(stdout);
  const files = info.files.map((f) => f.path);
  const missing = MUST_CONTAIN.filter((f) => !files.includes(f));
  const extra = files.filter((f) => MUST_NOT_CONTAIN.some((prefix) => f.startsWith(prefix)));
  const p = [];
  if (missing.length) p.push(`missing: ${missing.join(', ')}`);
  if (extra.length) p.push(`must not contain: ${extra.join(', ')}`);
  return {
    tgz: join(dest, info.filename),
    problems: p,
    summary: `${files.length} files, ${(info.size / 1024).toFixed(1)} KiB packed, ${(info.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
  };
}

/** Serves `dir` statically and runs the page from it. */
async function runStaticPage(browser, dir, emulatorUrl) {
  const server = await serveDir(dir);
  try {
    return await runPage(browser, server.url, emulatorUrl);
  } finally {
    await server.close();
  }
}

/** Starts the kind's dev server (a command that serves on `port`) and runs the page from it. */
async function runDevServerPage(browser, dir, devServer, emulatorUrl) {
  const port = await freePort();
  const [cmd, args] = devServer(port);
  let child;
  const server = exec(cmd, args, { cwd: dir, timeout: 120_000, onSpawn: (c) => (child = c) });
  let ended; // how the server ended, if it did before we stop it
  server.then(() => (ended = 'it exited with code 0'), (err) => (ended = err.message));
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const up = await fetch(`${url}/index.html`).then((r) => r.ok, () => false);
      if (up) break;
      if (ended) throw new Error(`the dev server stopped before answering: ${ended}`);
      if (Date.now() > deadline) throw new Error(`the dev server did not answer on ${url} within 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return await runPage(browser, url, emulatorUrl);
  } finally {
    if (child) killGroup(child);
    await server.catch(() => {});
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Opens `${url}/index.html?emulator=…` in a fresh context and checks what the page reported. */
async function runPage(browser, url, emulatorUrl) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors = [];
    const consoleLines = [];
    const wasm = [];
    page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`${m.type()}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r);
    });
    await page.goto(`${url}/index.html?emulator=${encodeURIComponent(emulatorUrl)}`);
    let result;
    try {
      await page.waitForSelector('#result[data-done]', { state: 'attached', timeout: 30_000 });
      result = JSON.parse(await page.textContent('#result'));
    } catch (err) {
      result = { thrown: `no result on the page: ${err.message.split('\n')[0]}` };
    }
    const p = problems(result);
    if (wasm.length === 0) p.push('the page fetched no .wasm file');
    if (wasm.length > 1) p.push(`the page fetched ${wasm.length} .wasm files (expected the core once)`);
    for (const r of wasm) {
      const path = new URL(r.url()).pathname;
      const type = r.headers()['content-type'];
      if (r.status() !== 200) p.push(`${path}: HTTP ${r.status()}`);
      else {
        const body = await r.body().catch(() => null);
        if (!body || body.subarray(0, 4).toString('latin1') !== '\0asm') p.push(`${path}: not a wasm module (content-type ${type})`);
      }
    }
    if (pageErrors.length) p.push(`uncaught page errors:\n${pageErrors.join('\n')}`);
    if (p.length && consoleLines.length) p.push(`console:\n${consoleLines.join('\n')}`);
    return { problems: p, note: wasm.map((r) => new URL(r.url()).pathname).join(', ') };
  } finally {
    await context.close();
  }
}

async function runNode(dir, script, expectedEntry, emulatorUrl) {
  const { stdout } = await exec(process.execPath, [script, emulatorUrl], { cwd: dir, timeout: 30_000 });
  const last = stdout.trim().split('\n').pop();
  let result;
  try {
    result = JSON.parse(last);
  } catch {
    return { problems: [`stdout is not a JSON result:\n${tail(stdout)}`] };
  }
  const p = problems(result);
  const entry = result.entry?.startsWith('file:') ? fileURLToPath(result.entry) : result.entry;
  if (entry !== null && !entry?.endsWith(expectedEntry)) p.push(`'appmixer-wasm' resolved to ${entry}, expected …${expectedEntry}`);
  return { problems: p, note: entry ? entry.slice(entry.indexOf('/node_modules/') + 1) : '' };
}

async function runKind(name, kind, ctx) {
  if (interrupted) throw new Error('interrupted');
  const dir = join(ctx.tmp, name);
  const timings = {};
  await mkdir(dir, { recursive: true });
  await writeFiles(dir, kind.files);
  await timed(timings, 'install', () => exec('npm', ['install', ...NPM_FLAGS, ctx.tgz, ...kind.tools], { cwd: dir, timeout: 300_000 }));
  if (kind.build) await timed(timings, 'build', () => exec(kind.build[0], kind.build[1], { cwd: dir, timeout: 180_000 }));
  if (kind.afterBuild) await writeFiles(dir, kind.afterBuild);
  const outcome = await timed(timings, 'run', async () =>
    kind.devServer ? runDevServerPage(await ctx.browser(), dir, kind.devServer, ctx.emulatorUrl)
    : kind.serve ? runStaticPage(await ctx.browser(), join(dir, kind.serve), ctx.emulatorUrl)
    : runNode(dir, kind.node, kind.entry, ctx.emulatorUrl));
  return { ...outcome, timings };
}

// ---------------------------------------------------------------------------
// Main.

const selected = process.argv.slice(2);
for (const k of selected) {
  if (!KINDS[k]) {
    console.error(`unknown kind '${k}' (kinds: ${Object.keys(KINDS).join(', ')})`);
    process.exit(2);
  }
}
const kinds = selected.length ? selected : Object.keys(KINDS);

let passed = 0;
let failed = 0;
function report(ok, name, ms, detail = []) {
  if (interrupted) return;
  if (ok) passed++;
  else failed++;
  const lines = [`${ok ? 'ok' : 'not ok'} - [packaging] ${name} (${ms})`];
  for (const d of detail) lines.push(`  ${String(d).replace(/\n/g, '\n  ')}`);
  console.log(lines.join('\n'));
}

const tmp = await mkdtemp(join(tmpdir(), 'appmixer-packaging-'));
let emulator;
let browserPromise;
let cleaning;
const cleanup = () => (cleaning ??= (async () => {
  interrupted = true;
  const exits = [...running.values()];
  for (const child of running.keys()) killGroup(child);
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 5000))]);
  emulator?.stop();
  if (browserPromise) await (await browserPromise.catch(() => null))?.close().catch(() => {});
  if (process.env.KEEP_TMP) console.log(`# kept ${tmp}`);
  else await rm(tmp, { recursive: true, force: true });
})());
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log(`# interrupted (${sig})`);
    cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  });
}

const started = performance.now();
try {
  let emulatorUrl = process.env.APPMIXER_EMULATOR_URL;
  if (!emulatorUrl) {
    emulator = await startEmulator(['--seed', 'demo', '--test-hooks']);
    emulatorUrl = emulator.url;
  }
  console.log(`# emulator ${emulatorUrl}, temp dir ${tmp}`);

  let tgz;
  const t0 = performance.now();
  try {
    const packed = await packTarball(tmp);
    tgz = packed.tgz;
    report(packed.problems.length === 0, 'tarball contents', `${secs(performance.now() - t0)}; ${packed.summary}`, packed.problems);
  } catch (err) {
    report(false, 'tarball contents', secs(performance.now() - t0), [err.message]);
  }

  const ctx = {
    tmp,
    tgz,
    emulatorUrl,
    browser: () => (browserPromise ??= launchChromium({
      // Our own handlers close it (Playwright's would exit before the cleanup).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })),
  };
  for (const name of kinds) {
    if (!tgz) {
      report(false, name, '0.0 s', ['no tarball to install (see above)']);
      continue;
    }
    const k0 = performance.now();
    try {
      const { problems: p, note, timings } = await runKind(name, KINDS[name], ctx);
      const parts = Object.entries(timings).map(([step, ms]) => `${step} ${secs(ms)}`).join(', ');
      report(p.length === 0, name, `${secs(performance.now() - k0)}: ${parts}${note ? `; ${note}` : ''}`, p);
    } catch (err) {
      report(false, name, secs(performance.now() - k0), [err.message]);
    }
  }
} catch (err) {
  report(false, 'setup', secs(performance.now() - started), [err?.stack ?? err]);
} finally {
  await cleanup();
}
console.log(`# total ${secs(performance.now() - started)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
