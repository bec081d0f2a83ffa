// The language server's Node flags (base/node-flags.ts) reach every way it is started: the VS Code
// extension passes them as execArgv, and the `hopcheck-language-server` command's #! line carries them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/base/node-flags';

const ROOT = join(__dirname, '..', '..');

describe('the language server Node flags', () => {
  it('dist/server.js starts with a #! line that passes exactly these flags', () => {
    const first = readFileSync(join(ROOT, 'dist', 'server.js'), 'utf8').split('\n')[0];
    assert.equal(first, `#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
  });
  it('the VS Code extension starts the server with them', () => {
    const ext = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    assert.match(ext, /run: \{ module: serverModule, transport: TransportKind\.stdio, options: \{ execArgv: \[\.\.\.SERVER_NODE_FLAGS\] \} \}/);
  });
  it('the server started through its #! line runs with them', () => {
    // The #! line's command with `-e` in place of the script: what Node reports as its flags.
    const line = readFileSync(join(ROOT, 'dist', 'server.js'), 'utf8').split('\n')[0].slice(2).trim().split(/\s+/);
    const res = spawnSync(line[0], [...line.slice(1), '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual((JSON.parse(res.stdout) as string[]).slice(0, SERVER_NODE_FLAGS.length), [...SERVER_NODE_FLAGS]);
  });
});
