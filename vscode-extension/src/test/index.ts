// Entry point for the extension host's test runner (extensionTestsPath): VS Code
// calls run() after activating the workbench and reports its outcome back to
// whoever launched it (tests/e2e_vscode/driver/run-ext-tests.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  // Sorted: the files are numbered because later suites rely on the server
  // state earlier ones leave behind (fixture open, settings restored).
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`gklint extension tests finished: ${failures} failed`);
      if (failures > 0) {
        reject(new Error(`${failures} tests failed`));
      } else {
        resolve();
      }
    });
  });
}
