import * as assert from 'node:assert';
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
