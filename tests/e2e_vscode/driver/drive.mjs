// UI check: the packaged extension, installed in code-server, shows a gklint
// diagnostic the way a user sees it — squiggle, hover, Problems panel, status bar.
// Usage: node drive.mjs <url> <folder> <file> <GK code> <screenshot.png>
import { clock, folderUrl, launch } from './browser.mjs';

const [url, folder, file, code, shot] = process.argv.slice(2);
const log = clock();
const SQUIGGLE = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';
const HAN = /[\u4e00-\u9fff]/;

const { page, close } = await launch();

// Quick Open (Ctrl+P) like a user; the first keypress can land before the
// workbench has focus, hence the retries.
async function quickOpen(name) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(name);
      // The list first shows recently opened files; wait until the top row is ours.
      await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: name })
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 5) throw e;
      log('quick open retry', attempt, e.message.split('\n')[0]);
      await page.keyboard.press('Escape');
    }
  }
}
const failures = [];
const check = (ok, what) => { log(ok ? 'ok:' : 'NOT OK:', what); if (!ok) failures.push(what); };
try {
  page.on('pageerror', (e) => log('pageerror:', e.message));
  await page.goto(folderUrl(url, folder));
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  log('workbench loaded');

  await quickOpen(file);
  log('editor open');

  // Generous: the first start includes the Python import check and server boot.
  await page.waitForSelector(SQUIGGLE, { timeout: 120_000 });
  log('squiggle visible');

  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: code }).first();
  await row.waitFor({ timeout: 60_000 });
  const rowText = (await row.innerText()).replace(/\s+/g, ' ');
  log('problems row:', rowText);
  check(rowText.includes('gklint'), 'Problems row names the source gklint');
  check(HAN.test(rowText), 'Problems row has a Chinese message');

  const status = page.locator('.statusbar-item', { hasText: /gklint: \d+/ }).first();
  await status.waitFor({ timeout: 15_000 }).catch(() => {});
  const statusText = (await status.count()) ? (await status.innerText()).trim() : '';
  log('status bar:', statusText || '(none)');
  check(/^gklint: [1-9]\d*$/.test(statusText), 'status bar shows the problem count');

  // Hover the squiggle so the message shows inline for the screenshot.
  const squiggle = page.locator(SQUIGGLE).first();
  await squiggle.scrollIntoViewIfNeeded();
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('squiggle has no bounding box');
  const hover = page.locator('.monaco-hover', { hasText: code }).first();
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.mouse.move(box.x + Math.min(30, box.width / 2), box.y + box.height / 2 - 8, { steps: 5 });
    if (await hover.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    await page.mouse.move(0, 0);
  }
  const hoverText = (await hover.count()) ? (await hover.innerText()).replace(/\s+/g, ' ') : '';
  log('hover:', hoverText.slice(0, 200));
  check(hoverText.includes(code) && HAN.test(hoverText), `hover shows ${code} with a Chinese message`);

  await page.screenshot({ path: shot });
  log('screenshot', shot);
  const body = await page.evaluate(() => document.body.innerText);
  check(body.includes(code), `${code} in the DOM`);

  // An ordinary text file is not a report: the status bar item must go away.
  await page.mouse.move(0, 0);
  await quickOpen('notes.txt');
  const gone = await page.locator('.statusbar-item', { hasText: /gklint/ }).first()
    .waitFor({ state: 'hidden', timeout: 10_000 }).then(() => true, () => false);
  check(gone, 'status bar item hidden for a non-report document');
} catch (e) {
  failures.push(e.message.split('\n')[0]);
  log('FAIL:', e.message);
  await page.screenshot({ path: shot.replace(/\.png$/, '-fail.png') }).catch(() => {});
} finally {
  await close();
}
log(failures.length ? `FAILED: ${failures.join('; ')}` : 'all UI checks passed');
process.exit(failures.length ? 1 : 0);
