// Runs the extension's mocha suite inside code-server's real extension host,
// the way @vscode/test-web does for the browser host: the workbench URL carries
// extensionDevelopmentPath + extensionTestsPath, and the workbench reports the
// outcome through window.codeAutomationExit. code-server honours that payload
// only when started with `--vscode-option enable-smoke-test-driver`.
// Usage: node run-ext-tests.mjs <url> <folder> <testsEntry.js> <extensionDir>...
import util from 'node:util';
import { clock, folderUrl, launch } from './browser.mjs';

const [url, folder, testsEntry, ...extDirs] = process.argv.slice(2);
const log = clock();
const TIMEOUT_MS = Number(process.env.GKLINT_E2E_TEST_TIMEOUT_MS || 300_000);

// The remote authority (literally "remote" in code-server) is embedded in the
// page's workbench configuration; read it instead of hard-coding it.
const html = await (await fetch(folderUrl(url, folder))).text();
const authority = /remoteAuthority&quot;:&quot;([^&]+)&quot;/.exec(html)?.[1] ?? new URL(url).host;
const remote = (p) => `vscode-remote://${authority}${p}`;
const payload = JSON.stringify([
  ...extDirs.map((dir) => ['extensionDevelopmentPath', remote(dir)]),
  ['extensionTestsPath', remote(testsEntry)],
]);

const { page, close } = await launch();
let exitCode = 2;
const finished = new Promise((resolve) => {
  void page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(args ?? []));
    // Drop stack frames of the workbench's own offline noise.
    if (!/^\s+at /.test(line)) console.log(line);
  });
  void page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve(); });
});
await page.goto(folderUrl(url, folder, `&payload=${encodeURIComponent(payload)}`));
let timer;
const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
if (await Promise.race([finished, timedOut]) === 'timeout') {
  log(`TIMEOUT after ${TIMEOUT_MS} ms waiting for the extension tests`);
}
clearTimeout(timer);
log(`extension tests exit code: ${exitCode}`);
await close();
process.exit(exitCode);
