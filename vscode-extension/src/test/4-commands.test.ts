import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { fixture, gklintApi, REPORT, waitFor, waitForState, waitForWindowDiagnostic, WINDOW_CODE } from './helpers';

function parentOf(pid: number): number {
  // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function descendsFromThisHost(pid: number): boolean {
  for (let p = pid; p > 1; p = parentOf(p)) {
    if (p === process.pid) {
      return true;
    }
  }
  return false;
}

/**
 * Live `python -m gklint server` processes started by this extension host
 * (Linux /proc). Other windows' hosts are ignored: code-server keeps a closed
 * tab's extension host, and its server, alive for a reconnection grace period.
 */
function serverProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const m = argv.indexOf('-m');
      if (m >= 0 && argv[m + 1] === 'gklint' && argv[m + 2] === 'server' && descendsFromThisHost(Number(entry))) {
        pids.push(Number(entry));
      }
    } catch {
      // The process exited while we were reading it.
    }
  }
  return pids;
}

describe('commands', () => {
  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['gklint.restart', 'gklint.showLogs', 'gklint.showRuleDoc']) {
      assert.ok(all.includes(id), `${id} is not registered`);
    }
  });

  it('gklint.showRuleDoc opens the rule documentation read-only', async () => {
    await vscode.commands.executeCommand('gklint.showRuleDoc', WINDOW_CODE);
    const editor = await waitFor('rule doc editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'gklint-rule'),
    );
    assert.strictEqual(editor.document.uri.path, `/${WINDOW_CODE}.md`);
    assert.ok(editor.document.getText().includes(WINDOW_CODE), 'rule doc should mention its code');
    assert.strictEqual(editor.document.languageId, 'markdown');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a burst of restarts leaves exactly one server running', async function () {
    if (process.platform !== 'linux') {
      this.skip();
    }
    const api = await gklintApi();
    await Promise.all([
      vscode.commands.executeCommand('gklint.restart'),
      vscode.commands.executeCommand('gklint.restart'),
      vscode.commands.executeCommand('gklint.restart'),
    ]);
    await waitForState(api, 'running');
    // Old processes get a moment to exit after shutdown/exit.
    const pids = await waitFor('one gklint server process', () => {
      const live = serverProcesses();
      return live.length === 1 ? live : undefined;
    }, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepStrictEqual(serverProcesses(), pids, 'no extra server may appear later');
    await waitForWindowDiagnostic(fixture(REPORT));
  });

  it('comes back after the server process is killed', async function () {
    if (process.platform !== 'linux') {
      this.skip();
    }
    const api = await gklintApi();
    await waitForState(api, 'running');
    const [pid] = serverProcesses();
    assert.ok(pid, 'no gklint server process found');
    const states: string[] = [];
    const sub = api.onDidChangeServerState((s) => states.push(s));
    try {
      process.kill(pid, 'SIGKILL');
      // vscode-languageclient restarts a crashed server; we must follow it.
      await waitFor('a new server process', () => {
        const live = serverProcesses();
        return live.length === 1 && live[0] !== pid;
      }, 30_000);
      await waitForState(api, 'running');
    } finally {
      sub.dispose();
    }
    assert.deepStrictEqual(states.slice(0, 1), ['failed'], `states seen: ${states.join(' → ')}`);
    await waitForWindowDiagnostic(fixture(REPORT));
  });
});
