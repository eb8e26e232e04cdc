import * as vscode from 'vscode';
import type { GklintServer, ServerState } from './server';

const REPORT_TITLE = '政府信息公开工作年度报告';
// The first and last headings of the six-section skeleton are enough to tell a
// report whose title line was dropped (common when pasting from a web page).
const SKELETON = ['一、总体情况', '六、其他需要报告的事项'];
const LANGUAGES = new Set(['plaintext', 'markdown']);

/** Mirrors the server's "is this an annual report?" test, to hide the item elsewhere. */
export function looksLikeReport(document: vscode.TextDocument): boolean {
  if (!LANGUAGES.has(document.languageId)) {
    return false;
  }
  const text = document.getText();
  return text.includes(REPORT_TITLE) || SKELETON.every((heading) => text.includes(heading));
}

export function gklintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'gklint');
}

/** Problem count of the active report, e.g. `gklint: 3`. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: GklintServer) {
    this.item = vscode.window.createStatusBarItem('gklint.problems', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'gklint';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) {
          this.update();
        }
      }),
      // A paste can turn an ordinary note into a report (and back).
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) {
          this.update();
        }
      }),
      server.onDidChangeState(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) {
      this.item.hide();
      return;
    }
    const diagnostics = gklintDiagnostics(document.uri);
    // Diagnostics prove the server took it as a report even if our guess says no.
    if (diagnostics.length === 0 && !looksLikeReport(document)) {
      this.item.hide();
      return;
    }
    this.render(this.server.state, diagnostics.length);
    this.item.show();
  }

  private render(state: ServerState, count: number): void {
    this.item.backgroundColor = undefined;
    switch (state) {
      case 'running':
        this.item.text = `gklint: ${count}`;
        this.item.tooltip = count > 0 ? `gklint 发现 ${count} 个问题` : 'gklint 未发现问题';
        this.item.command = 'workbench.actions.view.problems';
        return;
      case 'stopped':
      case 'starting':
        // 'stopped' is only seen in the middle of a restart; don't flash an error.
        this.item.text = '$(sync~spin) gklint';
        this.item.tooltip = 'gklint 服务器正在启动…';
        this.item.command = 'gklint.showLogs';
        return;
      case 'disabled':
        this.item.text = '$(circle-slash) gklint';
        this.item.tooltip = 'gklint 已停用（gklint.enable）';
        this.item.command = {
          title: '打开设置',
          command: 'workbench.action.openSettings',
          arguments: ['gklint.enable'],
        };
        return;
      default:
        // gklintMissing / failed: the log says why, so point the user there.
        this.item.text = '$(error) gklint';
        this.item.tooltip = 'gklint 服务器未运行，点击查看日志';
        this.item.command = 'gklint.showLogs';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
