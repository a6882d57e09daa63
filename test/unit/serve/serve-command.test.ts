import { serveCommand } from '../../../bin/commands/serve.js';
import { type Terminal, UserError } from '../../../bin/terminal.js';
import { tempDir } from '../../helpers/temp-dir.js';

const quiet: Terminal = { out() {}, err() {}, progress() {}, done() {} };
const base = { reports: '.', port: 8080, host: '127.0.0.1' };

test('usage problems are refused before anything is opened or written, naming the flag', async () => {
  const dir = await tempDir('panelpack-serve-flags-');
  try {
    const cases: [Parameters<typeof serveCommand>[0], RegExp][] = [
      [{ ...base, port: 70000 }, /--port 70000: expected a port number/],
      [{ ...base, reports: `${dir.path}/missing` }, /--reports .*missing: no such folder/],
      [{ ...base, apiBase: 'https://api.example' }, /--api-base goes with --export-site/],
      [{ ...base, exportSite: dir.path }, /--export-site needs --api-base/],
      [{ ...base, exportSite: dir.path, apiBase: 'api' }, /--api-base api: expected an https/],
      [
        { ...base, exportSite: dir.path, apiBase: 'https://api.example', clientId: 'c' },
        /--sign-in-domain and --client-id go together/,
      ],
      [
        {
          ...base,
          exportSite: dir.path,
          apiBase: 'https://api.example/?x=1',
          signInDomain: 'https://auth.example',
          clientId: 'c',
        },
        /--api-base .*: expected an https/,
      ],
    ];
    for (const [flags, message] of cases) {
      const run = serveCommand(flags, quiet, async () => undefined);
      await expect(run).rejects.toThrow(message);
      await expect(run).rejects.toBeInstanceOf(UserError);
    }
  } finally {
    await dir.remove();
  }
});
