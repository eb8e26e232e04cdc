import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

/**
 * The slice of the ms-python.python extension API we use. Declared here instead
 * of depending on @vscode/python-extension: three members do not justify a
 * dependency, and the shim keeps working when the extension is not installed.
 */
interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: vscode.Uri | undefined };
}

interface PythonExtensionApi {
  readonly environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(env: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

export type InterpreterSource = 'setting' | 'pythonExtension' | 'path';

export interface Interpreter {
  /** argv prefix: the first element is the executable. */
  readonly command: string[];
  readonly source: InterpreterSource;
}

async function pythonExtensionApi(log: vscode.LogOutputChannel): Promise<PythonExtensionApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!ext) {
    return undefined;
  }
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    // Older releases exposed a different API; treat them like "not installed".
    return api && typeof api.environments?.getActiveEnvironmentPath === 'function' ? api : undefined;
  } catch (err) {
    log.warn(`Python 扩展激活失败，改用 PATH 中的 Python：${String(err)}`);
    return undefined;
  }
}

async function fromPythonExtension(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const api = await pythonExtensionApi(log);
  if (!api) {
    return undefined;
  }
  try {
    const active = api.environments.getActiveEnvironmentPath(resource);
    const env = await api.environments.resolveEnvironment(active);
    return env?.executable.uri?.fsPath;
  } catch (err) {
    log.warn(`无法从 Python 扩展获取解释器：${String(err)}`);
    return undefined;
  }
}

export function defaultPython(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}

/** Setting first, then the Python extension's choice, then PATH — as the tools template does. */
export async function resolveInterpreter(
  configured: string[],
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<Interpreter> {
  if (configured.length > 0) {
    return { command: configured, source: 'setting' };
  }
  const fromExt = await fromPythonExtension(resource, log);
  if (fromExt) {
    return { command: [fromExt], source: 'pythonExtension' };
  }
  return { command: [defaultPython()], source: 'path' };
}

/**
 * Fires when the user picks another interpreter in the Python extension. A
 * no-op disposable when that extension is missing, so callers need no checks.
 */
export async function onDidChangePythonInterpreter(
  listener: () => void,
  log: vscode.LogOutputChannel,
): Promise<vscode.Disposable> {
  const api = await pythonExtensionApi(log);
  return api ? api.environments.onDidChangeActiveEnvironmentPath(listener) : new vscode.Disposable(() => undefined);
}

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Spawn failure (ENOENT…) or non-zero exit, for the log. */
  readonly error?: string;
}

/** Runs `<interpreter> args…`; never rejects, so callers can report failures. */
export function runPython(
  interpreter: Interpreter,
  args: string[],
  cwd: string | undefined,
  timeoutMs = 30_000,
): Promise<RunResult> {
  const [exe, ...prefix] = interpreter.command;
  return new Promise((resolve) => {
    execFile(
      exe,
      [...prefix, ...args],
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        // Rule docs are Chinese: without this a Windows console code page or a C
        // locale would make Python fail with UnicodeEncodeError on print().
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        resolve({
          ok: !error,
          stdout,
          stderr,
          error: error ? error.message : undefined,
        });
      },
    );
  });
}

export function hasGklint(interpreter: Interpreter, cwd: string | undefined): Promise<RunResult> {
  return runPython(interpreter, ['-c', 'import gklint'], cwd);
}

const SOURCE_LABELS: Record<InterpreterSource, string> = {
  setting: '设置 gklint.interpreter',
  pythonExtension: 'Python 扩展所选解释器',
  path: 'PATH',
};

export function sourceLabel(interpreter: Interpreter): string {
  return SOURCE_LABELS[interpreter.source];
}

export function describe(interpreter: Interpreter): string {
  return interpreter.command.join(' ');
}
