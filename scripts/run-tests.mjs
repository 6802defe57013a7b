// npm test after setup and build: starts one emulator on a free port, runs
// every test stage against it, always stops it, and fails if any stage failed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const emulator = await startEmulator(['--seed', 'demo', '--test-hooks']);
const stop = () => emulator.stop();
process.on('SIGINT', () => { stop(); process.exit(130); });
process.on('SIGTERM', () => { stop(); process.exit(143); });

const env = { ...process.env, APPMIXER_EMULATOR_URL: emulator.url };
const stages = [
  ['native unit tests of the SDK (request building, encoding, arguments, retry policy)', 'cargo', ['test', '-p', 'appmixer-wasm']],
  // --show-output: the security matrices print their case counts.
  ['emulator tests (routes, security matrices, faults over TCP, persistence)', 'cargo', ['test', '-p', 'appmixer-emulator', '--', '--show-output']],
  ['clippy: the wasm crate denies unwrap/expect/panic/indexing outside tests', 'cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '-p', 'appmixer-wasm', '--features', 'slim', '--', '-D', 'warnings']],
  // Issue 8's target on what a browser downloads, read strictly: 25 KB = 25,000 bytes of gzip.
  ['size budget: wasm + JS shipped to a browser, gzip ≤ 25,000 B', 'node', ['bench/size.mjs', '--budget', '25000']],
  ['type declarations (tsc --noEmit over js/index.d.ts and a consumer of every method)', 'node', ['node_modules/typescript/bin/tsc', '-p', 'tests/types/tsconfig.json']],
  ['wasm tests in headless Chromium', 'cargo', ['test', '--target', 'wasm32-unknown-unknown', '-p', 'appmixer-wasm']],
  ['package tests in Node 20', 'node', ['--test', '--test-reporter=spec', 'tests/js/node.test.mjs']],
  ['package tests in headless Chromium (Playwright)', 'node', ['tests/js/browser.mjs']],
  ['packaging: npm pack → vite build, vite dev, webpack, <script type=module>, Node ESM and CJS', 'node', ['tests/packaging/run.mjs']],
  ['demo app click-through in headless Chromium (Playwright)', 'node', ['tests/js/demo.mjs']],
];
const failed = [];
try {
  console.log(`emulator: ${emulator.url}`);
  for (const [name, cmd, args] of stages) {
    console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
    const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
    if (r.status !== 0) failed.push(name);
  }
} finally {
  stop();
}
console.log(`\n${stages.length - failed.length} passed, ${failed.length} failed (test stages)`);
for (const f of failed) console.log(`FAILED: ${f}`);
process.exit(failed.length ? 1 : 0);
