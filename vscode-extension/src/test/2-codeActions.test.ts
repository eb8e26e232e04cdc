import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  codeOf,
  FIXED_WINDOW,
  fixture,
  open,
  REPORT,
  revert,
  waitForNoWindowDiagnostic,
  waitForWindowDiagnostic,
  WINDOW_CODE,
  WINDOW_LINE,
} from './helpers';

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('gklint');

describe('quick fixes', () => {
  afterEach(() => revert(fixture(REPORT)));

  it(`fixes ${WINDOW_CODE} and the diagnostic disappears`, async () => {
    const editor = await open(REPORT);
    const uri = editor.document.uri;
    const d = await waitForWindowDiagnostic(uri);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
    );
    const fix = actions.find(
      (a) =>
        a.kind !== undefined &&
        vscode.CodeActionKind.QuickFix.contains(a.kind) &&
        (a.diagnostics === undefined || a.diagnostics.some((x) => codeOf(x) === WINDOW_CODE)),
    );
    assert.ok(fix, `no quick fix offered; got: ${actions.map((a) => a.title).join(' | ') || 'nothing'}`);
    assert.ok(fix.edit || fix.command, 'the quick fix has neither an edit nor a command');
    if (fix.edit) {
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit failed');
    }
    if (fix.command) {
      await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
    }

    await waitForNoWindowDiagnostic(uri);
    assert.ok(
      editor.document.lineAt(WINDOW_LINE).text.includes(FIXED_WINDOW),
      `line ${WINDOW_LINE + 1} should now read ${FIXED_WINDOW}`,
    );
  });

  it('offers source.fixAll.gklint, which fixes the document in one edit', async () => {
    const editor = await open(REPORT);
    const uri = editor.document.uri;
    await waitForWindowDiagnostic(uri);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      whole,
      FIX_ALL.value,
    );
    const fixAll = actions.find((a) => a.kind !== undefined && FIX_ALL.contains(a.kind));
    assert.ok(fixAll?.edit, `no ${FIX_ALL.value} action with an edit; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit), 'applyEdit failed');
    await waitForNoWindowDiagnostic(uri);
    assert.ok(editor.document.lineAt(WINDOW_LINE).text.includes(FIXED_WINDOW));
  });

  it('brings the diagnostic back when the edit is reverted', async () => {
    // Guards the suites after this one, and shows the server tracks reverts.
    const uri = fixture(REPORT);
    await revert(uri);
    await waitForWindowDiagnostic(uri);
  });
});
