import * as os from 'node:os';
import * as vscode from 'vscode';

export const SECTION = 'gklint';

export type RunMode = 'onType' | 'onSave';

/** The part of the configuration the language server itself understands. */
export interface ServerSettings {
  enable: boolean;
  run: RunMode;
  select: string[];
  ignore: string[];
}

export interface ExtensionSettings extends ServerSettings {
  /** Command prefix used to run Python; empty means "discover one". */
  interpreter: string[];
}

function stringArray(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.trim() ? [value] : [];
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  }
  return [];
}

/**
 * Expands the few variables users write in interpreter paths. The settings UI
 * does not do this for extensions, so `${workspaceFolder}/.venv/bin/python`
 * would otherwise be taken literally.
 */
export function expandPath(value: string, workspaceFolder: string | undefined): string {
  let out = value;
  if (workspaceFolder !== undefined) {
    out = out.split('${workspaceFolder}').join(workspaceFolder);
  }
  out = out.split('${userHome}').join(os.homedir());
  if (out === '~' || out.startsWith('~/')) {
    out = os.homedir() + out.slice(1);
  }
  return out;
}

export function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

export function readSettings(): ExtensionSettings {
  // One server serves the whole window, so settings are read at window scope
  // (scoped to the first folder so folder-level .vscode/settings.json applies).
  const folder = firstWorkspaceFolder();
  const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  const run = config.get<string>('run');
  return {
    enable: config.get<boolean>('enable', true),
    run: run === 'onSave' ? 'onSave' : 'onType',
    select: stringArray(config.get('select')),
    ignore: stringArray(config.get('ignore')),
    interpreter: stringArray(config.get('interpreter')).map((p) =>
      expandPath(p, folder?.uri.fsPath),
    ),
  };
}

export function serverSettings(settings: ExtensionSettings): ServerSettings {
  const { enable, run, select, ignore } = settings;
  return { enable, run, select, ignore };
}

/**
 * Settings the running server cannot pick up by itself. select/ignore/run reach
 * it through workspace/didChangeConfiguration and trace.server is handled by
 * vscode-languageclient, so only these need a new process.
 */
export function requiresRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${SECTION}.enable`) ||
    event.affectsConfiguration(`${SECTION}.interpreter`)
  );
}
