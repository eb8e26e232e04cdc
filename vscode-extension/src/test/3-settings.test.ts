import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  fixture,
  gklintApi,
  gklintDiagnostics,
  open,
  REPORT,
  waitFor,
  waitForNoWindowDiagnostic,
  waitForState,
  waitForSteadyState,
  waitForWindowDiagnostic,
  WINDOW_CODE,
} from './helpers';

const config = () => vscode.workspace.getConfiguration('gklint');

describe('settings', () => {
  before(() => open(REPORT));

  it('gklint.ignore reaches the running server without a restart', async () => {
    const uri = fixture(REPORT);
    await waitForWindowDiagnostic(uri);
    const api = await gklintApi();
    const states: string[] = [];
    const sub = api.onDidChangeServerState((s) => states.push(s));
    try {
      await config().update('ignore', [WINDOW_CODE], vscode.ConfigurationTarget.Workspace);
      await waitForNoWindowDiagnostic(uri);
      await config().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForWindowDiagnostic(uri);
    } finally {
      sub.dispose();
      await config().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.deepStrictEqual(states, [], 'select/ignore must not restart the server');
  });

  it('gklint.run = onSave lints on save only', async () => {
    const editor = await open(REPORT);
    const uri = editor.document.uri;
    const d = await waitForWindowDiagnostic(uri);
    const year = editor.document.getText(d.range);
    const setYear = async (value: string, range: vscode.Range) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, range, value);
      assert.ok(await vscode.workspace.applyEdit(edit));
      return new vscode.Range(range.start, range.start.translate(0, value.length));
    };
    let edited: vscode.Range | undefined;
    try {
      await config().update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
      // A configuration change makes the server relint open documents; let that
      // finish first, or it would lint the edit below and look like onType.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Only the flagged year is edited, so the fixed document may still have
      // other findings; what matters is that nothing changes before the save.
      edited = await setYear('2024', d.range);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const stale = gklintDiagnostics(uri, WINDOW_CODE)[0];
      assert.ok(stale, 'onSave must not relint while typing');
      assert.ok(stale.range.isEqual(d.range), 'the diagnostic should still be the pre-edit one');
      await editor.document.save();
      await waitFor('a relint after save', () => {
        const now = gklintDiagnostics(uri, WINDOW_CODE);
        return now.length === 0 || !now[0].range.isEqual(d.range);
      });
    } finally {
      await config().update('run', undefined, vscode.ConfigurationTarget.Workspace);
      // Put the fixture back on disk for the suites that follow.
      if (edited) {
        await setYear(year, edited);
        await editor.document.save();
      }
    }
    await waitForWindowDiagnostic(uri);
  });

  it('an interpreter without gklint stops the server instead of crashing, and recovers', async () => {
    const uri = fixture(REPORT);
    const api = await gklintApi();
    const original = config().inspect<string | string[]>('interpreter')?.workspaceValue;
    try {
      await config().update('interpreter', ['/nonexistent/bin/python3'], vscode.ConfigurationTarget.Workspace);
      await waitForState(api, 'gklintMissing');
      // Stopping the client must also clear its squiggles.
      await waitFor('diagnostics cleared', () => gklintDiagnostics(uri).length === 0);
    } finally {
      await config().update('interpreter', original, vscode.ConfigurationTarget.Workspace);
    }
    await waitForState(api, 'running', 60_000);
    await waitForWindowDiagnostic(uri);
  });

  it('a gklint without a working server reports the failure and recovers', async () => {
    // `env PYTHONPATH=… python` is the array form users need for wrappers; here it
    // shadows gklint with an empty package, so the import check passes but
    // `-m gklint server` cannot start.
    const uri = fixture(REPORT);
    const api = await gklintApi();
    const original = config().inspect<string[]>('interpreter')?.workspaceValue;
    const python = Array.isArray(original) ? original[0] : undefined;
    assert.ok(python, 'the fixture workspace must set gklint.interpreter');
    const shadow = fs.mkdtempSync(path.join(os.tmpdir(), 'gklint-shadow-'));
    fs.mkdirSync(path.join(shadow, 'gklint'));
    fs.writeFileSync(path.join(shadow, 'gklint', '__init__.py'), '');
    try {
      await config().update('interpreter', ['env', `PYTHONPATH=${shadow}`, python], vscode.ConfigurationTarget.Workspace);
      // vscode-languageclient retries a few times before giving up, so 'failed'
      // must be where the state comes to rest, not just a stop on the way.
      await waitForSteadyState(api, 'failed', 3_000, 40_000);
    } finally {
      await config().update('interpreter', original, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(shadow, { recursive: true, force: true });
    }
    await waitForState(api, 'running', 60_000);
    await waitForWindowDiagnostic(uri);
  });

  it('gklint.enable = false stops the server and clears diagnostics', async () => {
    const uri = fixture(REPORT);
    const api = await gklintApi();
    try {
      await config().update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitForState(api, 'disabled');
      assert.deepStrictEqual(gklintDiagnostics(uri), []);
    } finally {
      await config().update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForState(api, 'running', 60_000);
    await waitForWindowDiagnostic(uri);
  });
});
