import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { describe, hasGklint, type Interpreter, resolveInterpreter, sourceLabel } from './python';
import { firstWorkspaceFolder, readSettings, SECTION, serverSettings } from './settings';

export type ServerState =
  | 'stopped'
  | 'starting'
  | 'running'
  | 'disabled'
  | 'gklintMissing'
  | 'failed';

/** Documents the server may lint; it decides itself whether the text is a report. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'plaintext' },
  { scheme: 'untitled', language: 'markdown' },
];

const OPEN_SETTINGS = '打开设置';
const SHOW_LOGS = '显示日志';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Owns the one LanguageClient of the window. Every start/stop goes through a
 * single promise queue so a burst of configuration events (settings sync, a
 * settings.json save touching several keys) cannot start two servers at once.
 */
export class GklintServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientStateListener: vscode.Disposable | undefined;
  private queue: Promise<void> = Promise.resolve();
  private scheduled: Promise<void> | undefined;
  private currentState: ServerState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private disposed = false;

  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get state(): ServerState {
    return this.currentState;
  }

  /**
   * Requests a (re)start. Calls made while one is already scheduled share it;
   * a call made while a restart is running queues exactly one more, so the
   * newest settings always win. `delayMs` lets config-change bursts settle.
   */
  restart(delayMs = 0): Promise<void> {
    if (this.scheduled) {
      return this.scheduled;
    }
    this.scheduled = sleep(delayMs).then(() => {
      this.scheduled = undefined;
      const run = this.queue.then(() => this.restartNow());
      this.queue = run.catch(() => undefined);
      return run;
    });
    return this.scheduled;
  }

  async stop(): Promise<void> {
    const run = this.queue.then(() => this.stopClient());
    this.queue = run.catch(() => undefined);
    await run;
  }

  dispose(): void {
    this.disposed = true;
    void this.stop();
    this.stateEmitter.dispose();
  }

  private setState(state: ServerState): void {
    if (state !== this.currentState) {
      this.currentState = state;
      this.log.debug(`server state: ${state}`);
      if (!this.disposed) {
        this.stateEmitter.fire(state);
      }
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientStateListener?.dispose();
    this.clientStateListener = undefined;
    if (client) {
      try {
        // stop() also clears the client's diagnostics, so stale squiggles vanish.
        await client.stop(5_000);
      } catch (err) {
        this.log.warn(`停止 gklint 服务器时出错：${String(err)}`);
      }
      try {
        await client.dispose();
      } catch {
        // Already stopped above; dispose only releases listeners.
      }
    }
    this.setState('stopped');
  }

  private async restartNow(): Promise<void> {
    await this.stopClient();
    if (this.disposed) {
      return;
    }
    const settings = readSettings();
    if (!settings.enable) {
      this.log.info('gklint.enable 为 false，不启动服务器。');
      this.setState('disabled');
      return;
    }
    this.setState('starting');
    const folder = firstWorkspaceFolder();
    const cwd = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const interpreter = await resolveInterpreter(settings.interpreter, folder?.uri, this.log);
    this.log.info(`使用 Python 解释器：${describe(interpreter)}（来源：${sourceLabel(interpreter)}）`);

    const check = await hasGklint(interpreter, cwd);
    if (!check.ok) {
      this.log.error(
        `无法在 ${describe(interpreter)} 中导入 gklint：${check.error ?? ''}\n${check.stderr.trim()}`,
      );
      this.setState('gklintMissing');
      void this.reportMissing(interpreter, check.error ?? '');
      return;
    }

    const [exe, ...prefix] = interpreter.command;
    const serverOptions: ServerOptions = {
      command: exe,
      // No `transport`: TransportKind.stdio would append `--stdio`, a flag the
      // server does not need (stdio is its default) and wrappers may reject.
      args: [...prefix, '-m', 'gklint', 'server'],
      options: {
        cwd,
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      // Our channel serves as both log and trace channel; passing it in also
      // stops the client from disposing it on every restart.
      outputChannel: this.log,
      traceOutputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { settings: serverSettings(settings) },
      // Sends {settings: {gklint: {...}}} via workspace/didChangeConfiguration
      // after start and on every change, so select/ignore/run apply live.
      synchronize: { configurationSection: SECTION },
    };
    // The id must equal the settings section: the client reads `<id>.trace.server`.
    const client = new LanguageClient(SECTION, 'gklint', serverOptions, clientOptions);
    this.client = client;
    // vscode-languageclient restarts a server that exits (up to its retry
    // limit) and then gives up; follow it so the status bar never claims a
    // server that is gone. Our own stops never get here: stopClient() drops
    // this listener first.
    this.clientStateListener = client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        this.setState('running');
      } else if (newState === State.Starting) {
        this.setState('starting');
      } else {
        if (this.currentState === 'running') {
          this.log.error('gklint 服务器意外退出。');
        }
        this.setState('failed');
      }
    });
    try {
      await client.start();
      this.setState('running');
      this.log.info('gklint 服务器已启动。');
    } catch (err) {
      this.log.error(`gklint 服务器启动失败：${String(err)}`);
      this.setState('failed');
      void this.offerLogs(`gklint 服务器启动失败（${describe(interpreter)} -m gklint server）。详情见“gklint”输出。`);
    }
  }

  private async reportMissing(interpreter: Interpreter, error: string): Promise<void> {
    const python = describe(interpreter);
    const notFound = /ENOENT/.test(error);
    const message = notFound
      ? `找不到 Python 解释器（${python}）。请安装 Python 3 后运行：${python} -m pip install gklint，或在设置 gklint.interpreter 中指定解释器。`
      : `未在所选 Python 解释器（${python}）中找到 gklint。请运行：${python} -m pip install gklint，或在设置 gklint.interpreter 中指定解释器。`;
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_LOGS);
    if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
    } else if (choice === SHOW_LOGS) {
      this.log.show();
    }
  }

  private async offerLogs(message: string): Promise<void> {
    if ((await vscode.window.showErrorMessage(message, SHOW_LOGS)) === SHOW_LOGS) {
      this.log.show();
    }
  }
}
