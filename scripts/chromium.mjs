// Debian's Chromium for every headless run (tests, packaging, bench). The
// background-networking flags matter: this machine's closed network refuses
// Chromium's own connections.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function launchChromium({ extraArgs = [], ...options } = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs], ...options });
}
