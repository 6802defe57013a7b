// Runs the shared JS suite in headless Chromium (the package loaded as an ES
// module from a page), then opens the demo page and checks it signs in.
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const emulatorUrl = process.env.APPMIXER_EMULATOR_URL;
if (!emulatorUrl) throw new Error('APPMIXER_EMULATOR_URL is not set (run npm test)');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const { server, url } = await serve({
  config: { baseUrl: emulatorUrl, username: 'demo@example.com', password: 'demo1234' },
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
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

  // The demo page (what `npm start` serves) signs the demo user in.
  const demo = await browser.newPage();
  const demoErrors = [];
  demo.on('pageerror', (e) => demoErrors.push(String(e)));
  await demo.goto(`${url}/demo/`);
  try {
    await demo.waitForSelector('[data-testid="user-email"]', { timeout: 15000 });
    const email = await demo.textContent('[data-testid="user-email"]');
    report(email.trim() === 'demo@example.com', 'demo page shows the signed-in user', `saw ${JSON.stringify(email)}`);
  } catch (err) {
    report(false, 'demo page shows the signed-in user', String(err));
  }
  report(demoErrors.length === 0, 'demo page has no uncaught errors', demoErrors.join('\n'));
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
