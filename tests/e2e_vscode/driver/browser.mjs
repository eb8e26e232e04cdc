// Shared Chromium launch for the drivers: Debian's /usr/bin/chromium (playwright's
// own browser download is not reachable here), headless with no display.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function launch(viewport = { width: 1400, height: 900 }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gklint-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    locale: 'zh-CN',
    // No network beyond loopback: keep Chromium from trying Google services.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page: context.pages()[0] ?? await context.newPage(), close };
}

export function folderUrl(base, folder, extra = '') {
  return `${base}/?folder=${encodeURIComponent(folder)}${extra}`;
}

export function clock() {
  const t0 = Date.now();
  return (...args) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
}
