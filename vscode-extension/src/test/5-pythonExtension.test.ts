import * as vscode from 'vscode';
import { fixture, gklintApi, nextState, open, REPORT, waitForState, waitForWindowDiagnostic } from './helpers';

/** The e2e stand-in for ms-python.python (tests/e2e_vscode/fixtures/fake-python-extension). */
interface FakePythonApi {
  e2eSelectInterpreter(path: string): void;
}

const config = () => vscode.workspace.getConfiguration('gklint');

describe('Python extension interpreter', () => {
  it('is used when gklint.interpreter is unset, and a new pick restarts the server', async function () {
    const python = vscode.extensions.getExtension<Partial<FakePythonApi>>('ms-python.python');
    const fake = python && (python.isActive ? python.exports : await python.activate());
    if (!fake?.e2eSelectInterpreter) {
      // Only the stand-in lets a test pick interpreters.
      this.skip();
    }
    const select = (path: string) => fake.e2eSelectInterpreter?.(path);
    const configured = config().inspect<string[]>('interpreter')?.workspaceValue;
    const good = Array.isArray(configured) ? configured[0] : undefined;
    if (!good) {
      throw new Error('the fixture workspace must set gklint.interpreter to the Python with gklint');
    }
    await open(REPORT);
    const api = await gklintApi();
    let restored: Promise<void> | undefined;
    try {
      // Ignored while the setting is present: the setting has priority.
      select('/nonexistent/picked-by-python-extension/python');
      await config().update('interpreter', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForState(api, 'gklintMissing');

      select(good);
      await waitForState(api, 'running', 60_000);
      await waitForWindowDiagnostic(fixture(REPORT));
    } finally {
      // Putting the setting back restarts a server that is already running.
      restored = nextState(api, 'running');
      await config().update('interpreter', configured, vscode.ConfigurationTarget.Workspace);
      select('python3');
    }
    await restored;
    await waitForWindowDiagnostic(fixture(REPORT));
  });
});
