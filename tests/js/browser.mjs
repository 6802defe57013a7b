// Runs the shared JS suite in headless Chromium, the package loaded as an ES
// module from a page. (The demo page has its own test: tests/js/demo.mjs.)
import { launchChromium } from '../../scripts/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';

const emulatorUrl = process.env.APPMIXER_EMULATOR_URL;
if (!emulatorUrl) throw new Error('APPMIXER_EMULATOR_URL is not set (run npm test)');

const { server, url } = await serve();
const browser = await launchChromium();
let passed = 0;
let failed = 0;
const report = (ok, name, detail = '') => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - [chromium] ${name}${detail ? `\n  ${detail.replace(/\n/g, '\n  ')}` : ''}`);
};
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${url}/tests/js/page.html?emulator=${encodeURIComponent(emulatorUrl)}`);
  await page.waitForFunction(() => window.suiteReady === true, null, { timeout: 15000 });
  const results = await page.evaluate(() => window.runSuite());
  for (const r of results) report(r.ok, r.name, r.error);
  report(pageErrors.length === 0, 'no uncaught page errors', pageErrors.join('\n'));
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
