import * as vscode from 'vscode';
import { describe, resolveInterpreter, runPython } from './python';
import type { GklintServer } from './server';
import { firstWorkspaceFolder, readSettings } from './settings';
import { gklintDiagnostics } from './statusBar';

export const RULE_DOC_SCHEME = 'gklint-rule';
const RULE_CODE = /^GK\d{3}$/;

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

/**
 * Serves rule docs as `gklint-rule:/GK203.md`: a virtual document is read-only
 * and, thanks to the .md suffix, opens with Markdown highlighting and preview.
 */
class RuleDocProvider implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface RulePick extends vscode.QuickPickItem {
  code?: string;
}

/** Offers the codes currently reported (the one under the cursor first), plus free input. */
async function pickRuleCode(): Promise<string | undefined> {
  const seen = new Map<string, string>();
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const cursor = editor.selection.active;
    for (const d of gklintDiagnostics(editor.document.uri)) {
      const code = diagnosticCode(d);
      if (code && d.range.contains(cursor)) {
        seen.set(code, d.message);
      }
    }
  }
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      const code = d.source === 'gklint' ? diagnosticCode(d) : undefined;
      if (code && !seen.has(code)) {
        seen.set(code, d.message);
      }
    }
  }
  if (seen.size > 0) {
    const items: RulePick[] = [...seen].map(([code, message]) => ({ label: code, detail: message, code }));
    items.push({ label: '$(edit) 输入规则代码…' });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'gklint：显示规则说明',
      placeHolder: '选择规则',
      matchOnDetail: true,
    });
    if (!picked) {
      return undefined;
    }
    if (picked.code) {
      return picked.code;
    }
  }
  return vscode.window.showInputBox({
    title: 'gklint：显示规则说明',
    prompt: '规则代码，例如 GK203',
    validateInput: (value) => (RULE_CODE.test(value.trim().toUpperCase()) ? undefined : '格式应为 GK 加三位数字，例如 GK203'),
  });
}

async function showRuleDoc(provider: RuleDocProvider, log: vscode.LogOutputChannel, arg: unknown): Promise<void> {
  const input = typeof arg === 'string' ? arg : await pickRuleCode();
  if (input === undefined) {
    return;
  }
  const code = input.trim().toUpperCase();
  if (!RULE_CODE.test(code)) {
    void vscode.window.showWarningMessage(`“${input}”不是有效的 gklint 规则代码（例如 GK203）。`);
    return;
  }
  // Resolved afresh rather than reused from the server, so this also works
  // while the server is stopped (e.g. gklint.enable = false).
  const folder = firstWorkspaceFolder();
  const interpreter = await resolveInterpreter(readSettings().interpreter, folder?.uri, log);
  const cwd = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const result = await runPython(interpreter, ['-m', 'gklint', 'rule', code], cwd);
  if (!result.ok || !result.stdout.trim()) {
    log.error(`${describe(interpreter)} -m gklint rule ${code} 失败：${result.error ?? ''}\n${result.stderr.trim()}`);
    const detail = result.stderr.trim().split('\n').pop() ?? result.error ?? '';
    void vscode.window.showErrorMessage(`无法获取规则 ${code} 的说明：${detail}`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${code}.md` });
  provider.set(uri, result.stdout);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

export function registerCommands(server: GklintServer, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new RuleDocProvider();
  return [
    provider,
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, provider),
    vscode.commands.registerCommand('gklint.restart', () => {
      log.info('收到重启命令。');
      return server.restart();
    }),
    vscode.commands.registerCommand('gklint.showLogs', () => log.show()),
    vscode.commands.registerCommand('gklint.showRuleDoc', (arg: unknown) => showRuleDoc(provider, log, arg)),
  ];
}
