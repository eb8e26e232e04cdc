import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  fixture,
  gklintApi,
  gklintDiagnostics,
  NOT_A_REPORT,
  open,
  REPORT,
  waitForState,
  waitForWindowDiagnostic,
  WINDOW_CODE,
  WINDOW_LINE,
  WRONG_WINDOW,
} from './helpers';

describe('diagnostics', () => {
  it('starts the server for a plaintext document', async () => {
    await open(NOT_A_REPORT);
    const api = await gklintApi();
    await waitForState(api, 'running', 60_000);
  });

  it(`reports ${WINDOW_CODE} on the wrong statistics window`, async () => {
    const editor = await open(REPORT);
    const d = await waitForWindowDiagnostic(editor.document.uri);
    assert.strictEqual(d.source, 'gklint');
    assert.strictEqual(d.range.start.line, WINDOW_LINE);
    const flagged = editor.document.getText(d.range);
    assert.ok(
      WRONG_WINDOW.includes(flagged) || flagged.includes('2023'),
      `range should cover the 2023 window, covers “${flagged}”`,
    );
    assert.match(d.message, /[\u4e00-\u9fff]/, 'message should be Chinese');
    assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, 'codeDescription.href becomes code.target');
  });

  it(`hovering the diagnostic shows the ${WINDOW_CODE} rule documentation`, async () => {
    const editor = await open(REPORT);
    const d = await waitForWindowDiagnostic(editor.document.uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      d.range.start,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.ok(text.includes(WINDOW_CODE), `hover should name ${WINDOW_CODE}; got: ${text.slice(0, 200)}`);
    assert.match(text, /[\u4e00-\u9fff]/, 'hover should be Chinese');
  });

  it('leaves documents that are not reports alone', async () => {
    // The report above was opened after notes.txt and already has its
    // diagnostics, so the server has processed notes.txt by now.
    const notes = await open(NOT_A_REPORT);
    await waitForWindowDiagnostic(fixture(REPORT));
    assert.deepStrictEqual(gklintDiagnostics(notes.document.uri), []);
  });
});
