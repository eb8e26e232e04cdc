import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { GklintApi } from '../extension';

/**
 * Fixture facts (tests/e2e_vscode/fixtures/workspace): a 2024 report whose
 * statistics window on line 5 (index 4) says 2023.
 */
export const REPORT = 'report-2024-window-2023.txt';
export const NOT_A_REPORT = 'notes.txt';
export const WINDOW_CODE = 'GK203';
export const WINDOW_LINE = 4;
export const WRONG_WINDOW = '2023年1月1日至2023年12月31日';
export const FIXED_WINDOW = '2024年1月1日至2024年12月31日';

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function gklintApi(): Promise<GklintApi> {
  const ext = vscode.extensions.getExtension<GklintApi>('gklint.gklint');
  assert.ok(ext, 'extension gklint.gklint is not installed');
  return ext.isActive ? ext.exports : ext.activate();
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export function gklintDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'gklint' && (code === undefined || codeOf(d) === code));
}

/** Polls until probe returns something truthy; the server answers asynchronously. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(document);
}

export function waitForWindowDiagnostic(uri: vscode.Uri, timeoutMs = 60_000): Promise<vscode.Diagnostic> {
  return waitFor(`${WINDOW_CODE} on ${uri.path}`, () => gklintDiagnostics(uri, WINDOW_CODE)[0], timeoutMs);
}

export function waitForNoWindowDiagnostic(uri: vscode.Uri, timeoutMs = 30_000): Promise<true> {
  return waitFor(`${WINDOW_CODE} to disappear from ${uri.path}`, () => gklintDiagnostics(uri, WINDOW_CODE).length === 0, timeoutMs);
}

export function waitForState(api: GklintApi, state: GklintApi['serverState'], timeoutMs = 30_000): Promise<true> {
  return waitFor(`server state ${state} (now ${api.serverState})`, () => api.serverState === state, timeoutMs);
}

/** Undo edits a test made, so the next suite starts from the fixture on disk. */
export async function revert(uri: vscode.Uri): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri);
  if (editor.document.isDirty) {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

/**
 * Waits until the state has been `state` for `steadyMs` without interruption.
 * Events, not polling, reset the clock: a restart can pass through and back
 * between two polls.
 */
export async function waitForSteadyState(
  api: GklintApi,
  state: GklintApi['serverState'],
  steadyMs: number,
  timeoutMs = 30_000,
): Promise<void> {
  let since = api.serverState === state ? Date.now() : undefined;
  const sub = api.onDidChangeServerState((s) => {
    since = s === state ? Date.now() : undefined;
  });
  try {
    await waitFor(
      `server state to settle at ${state} (now ${api.serverState})`,
      () => since !== undefined && Date.now() - since >= steadyMs,
      timeoutMs,
    );
  } finally {
    sub.dispose();
  }
}

/** Resolves on the next transition into `state`, for when the server is in that state already. */
export function nextState(api: GklintApi, state: GklintApi['serverState'], timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the server to become ${state} again`));
    }, timeoutMs);
    const sub = api.onDidChangeServerState((s) => {
      if (s === state) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}
