import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { onDidChangePythonInterpreter } from './python';
import { GklintServer, type ServerState } from './server';
import { readSettings, requiresRestart } from './settings';
import { StatusBar } from './statusBar';

/**
 * Collapses a burst of configuration events (a settings.json save touching
 * several keys, settings sync) into one restart, as the tools template does.
 */
const RESTART_DELAY_MS = 500;

/** Returned from activate() so integration tests can observe the server's lifecycle. */
export interface GklintApi {
  readonly serverState: ServerState;
  readonly onDidChangeServerState: vscode.Event<ServerState>;
}

let server: GklintServer | undefined;

export function activate(context: vscode.ExtensionContext): GklintApi {
  // A LogOutputChannel honours "Developer: Set Log Level" and doubles as the
  // LSP trace channel (gklint.trace.server).
  const log = vscode.window.createOutputChannel('gklint', { log: true });
  const gklint = new GklintServer(log);
  server = gklint;
  context.subscriptions.push(log, gklint, new StatusBar(gklint), ...registerCommands(gklint, log));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (requiresRestart(event)) {
        log.info('gklint.enable 或 gklint.interpreter 已更改，重启服务器。');
        void gklint.restart(RESTART_DELAY_MS);
      }
    }),
  );
  // Not awaited: activating ms-python can take seconds and must not delay ours.
  void onDidChangePythonInterpreter(() => {
    if (readSettings().interpreter.length === 0) {
      log.info('Python 扩展的解释器已更改，重启服务器。');
      void gklint.restart(RESTART_DELAY_MS);
    }
  }, log).then((subscription) => context.subscriptions.push(subscription));

  // Also not awaited: the client sends didOpen for already-open documents once
  // it is up, and a missing gklint is reported by the server module itself.
  void gklint.restart();

  return {
    get serverState() {
      return gklint.state;
    },
    onDidChangeServerState: gklint.onDidChangeState,
  };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
