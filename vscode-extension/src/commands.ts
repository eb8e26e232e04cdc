import * as vscode from 'vscode';
import { describe, type Interpreter, resolveInterpreter, runPython } from './python';
import type { GklintServer } from './server';
import { firstWorkspaceFolder, readSettings } from './settings';
import { gklintDiagnostics } from './statusBar';

export const RULE_DOC_SCHEME = 'gklint-rule';
/** `gklint rule` takes a code (GK203) or a rule name (statistics-window-year). */
const RULE_ID = /^[A-Za-z][\w-]*$/;
const TITLE = 'gklint：显示规则说明';

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

interface RuleInfo {
  code: string;
  name?: string;
  summary?: string;
}

interface RulePick extends vscode.QuickPickItem {
  code?: string;
}

interface Context {
  interpreter: Interpreter;
  cwd: string | undefined;
}

/**
 * Resolved afresh rather than taken from the server, so rule docs also work
 * while the server is stopped (gklint.enable = false, or it failed to start).
 */
async function context(log: vscode.LogOutputChannel): Promise<Context> {
  const folder = firstWorkspaceFolder();
  const interpreter = await resolveInterpreter(readSettings().interpreter, folder?.uri, log);
  return { interpreter, cwd: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined };
}

/** All rules from `gklint rule --all --format json`; empty if that fails (the picker still works). */
async function ruleCatalog(ctx: Context, log: vscode.LogOutputChannel): Promise<RuleInfo[]> {
  const result = await runPython(ctx.interpreter, ['-m', 'gklint', 'rule', '--all', '--format', 'json'], ctx.cwd);
  if (!result.ok) {
    log.warn(`无法列出 gklint 规则：${result.error ?? ''} ${result.stderr.trim()}`);
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    if (!Array.isArray(parsed)) {
      return [];
    }
    return parsed.flatMap((entry: unknown): RuleInfo[] => {
      if (typeof entry !== 'object' || entry === null) {
        return [];
      }
      const { code, name, summary } = entry as Record<string, unknown>;
      return typeof code === 'string'
        ? [{ code, name: typeof name === 'string' ? name : undefined, summary: typeof summary === 'string' ? summary : undefined }]
        : [];
    });
  } catch (err) {
    log.warn(`gklint rule --all 的输出不是 JSON：${String(err)}`);
    return [];
  }
}

/** Codes reported right now, the one under the cursor first, with their messages. */
function reportedCodes(): Map<string, string> {
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
  return seen;
}

async function pickRule(ctx: Context, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const reported = reportedCodes();
  const catalog = await ruleCatalog(ctx, log);
  const byCode = new Map(catalog.map((rule) => [rule.code, rule]));
  const items: RulePick[] = [];
  if (reported.size > 0) {
    items.push({ label: '当前问题', kind: vscode.QuickPickItemKind.Separator });
    for (const [code, message] of reported) {
      items.push({ label: code, description: byCode.get(code)?.name, detail: message, code });
    }
  }
  const others = catalog.filter((rule) => !reported.has(rule.code));
  if (others.length > 0) {
    items.push({ label: '全部规则', kind: vscode.QuickPickItemKind.Separator });
    for (const rule of others) {
      items.push({ label: rule.code, description: rule.name, detail: rule.summary, code: rule.code });
    }
  }
  if (items.length > 0) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(edit) 输入规则代码或名称…' });
    const picked = await vscode.window.showQuickPick(items, {
      title: TITLE,
      placeHolder: '选择规则，或输入代码、名称筛选',
      matchOnDescription: true,
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
    title: TITLE,
    prompt: '规则代码或名称，例如 GK203 或 statistics-window-year',
    validateInput: (value) => (RULE_ID.test(value.trim()) ? undefined : '请输入规则代码（如 GK203）或规则名称'),
  });
}

async function showRuleDoc(provider: RuleDocProvider, log: vscode.LogOutputChannel, arg: unknown): Promise<void> {
  const ctx = await context(log);
  const input = typeof arg === 'string' ? arg : await pickRule(ctx, log);
  if (input === undefined) {
    return;
  }
  let rule = input.trim();
  if (/^gk\d+$/i.test(rule)) {
    rule = rule.toUpperCase();
  }
  if (!RULE_ID.test(rule)) {
    void vscode.window.showWarningMessage(`“${input}”不是有效的 gklint 规则代码或名称（例如 GK203）。`);
    return;
  }
  const result = await runPython(ctx.interpreter, ['-m', 'gklint', 'rule', rule], ctx.cwd);
  if (!result.ok || !result.stdout.trim()) {
    log.error(`${describe(ctx.interpreter)} -m gklint rule ${rule} 失败：${result.error ?? ''}\n${result.stderr.trim()}`);
    const detail = result.stderr.trim().split('\n').pop() || result.error || '没有输出';
    void vscode.window.showErrorMessage(`无法获取规则 ${rule} 的说明：${detail}`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${rule}.md` });
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
