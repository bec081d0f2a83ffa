// Issue 11, item 1: a script must not decide what the analyser reads. `Invoke-Command -FilePath x`
// is followed only to a regular file inside the root folder, by a relative path; absolute, UNC, drive
// and device paths are refused before any file-system call is made with them.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText, initParsers } from '../../server/src/core/analyze';

const INNER = 'Remove-ClusterNode -Name n2 -Force\n';
const caller = (path: string) => `Invoke-Command -ComputerName node1 -FilePath ${path}\n`;

/** Every path-taking fs function, recording the paths it is called with (the module reads node:fs at call time). */
function spyOnFs(): { calls: string[]; restore(): void } {
  const calls: string[] = [];
  const names = ['statSync', 'lstatSync', 'readFileSync', 'openSync', 'realpathSync', 'existsSync', 'accessSync'] as const;
  const fsMutable = fs as unknown as Record<string, (...a: unknown[]) => unknown>; // patched for the test only
  const saved = names.map((n) => [n, fsMutable[n]] as const);
  const savedNative = fs.realpathSync.native;
  for (const [n, f] of saved) {
    const wrapped = (...a: unknown[]) => { if (typeof a[0] === 'string') calls.push(a[0]); return f(...a); };
    if (n === 'realpathSync') Object.assign(wrapped, { native: (...a: unknown[]) => { if (typeof a[0] === 'string') calls.push(a[0]); return (savedNative as (...x: unknown[]) => unknown)(...a); } });
    fsMutable[n] = wrapped;
  }
  return { calls, restore: () => { for (const [n, f] of saved) fsMutable[n] = f; } };
}

describe('Invoke-Command -FilePath: what may be read (issue 11 item 1)', () => {
  let dir: string;
  let ws: string;
  before(async () => {
    await initParsers();
    dir = mkdtempSync(join(tmpdir(), 'hopcheck-ref-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'lib'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(ws, 'inner.ps1'), INNER);
    writeFileSync(join(ws, 'lib', 'inner.ps1'), INNER);
    writeFileSync(join(dir, 'outside', 'inner.ps1'), INNER);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const codes = (text: string, opts: { path: string; root?: string }) =>
    analyzeText(text, 'powershell', opts).findings.map((f) => f.code);

  it('follows a relative path inside the root (also through ..)', () => {
    const path = join(ws, 'main.ps1');
    assert.deepEqual(codes(caller('.\\inner.ps1'), { path, root: ws }), ['HOP003']);
    assert.deepEqual(codes(caller('lib\\inner.ps1'), { path, root: ws }), ['HOP003']);
    assert.deepEqual(codes(caller('..\\inner.ps1'), { path: join(ws, 'lib', 'main.ps1'), root: ws }), ['HOP003']);
  });

  it('refuses UNC, drive, device and absolute paths without any file-system call on them', () => {
    const path = join(ws, 'main.ps1');
    const names = [
      '\\\\evilhost\\share\\x.ps1', '//evilhost/share/x.ps1', '\\\\?\\UNC\\evilhost\\share\\x.ps1', '\\\\.\\pipe\\evilhost',
      'C:\\evilhost\\x.ps1', 'C:evilhost.ps1', `${join(dir, 'outside', 'inner.ps1')}`, '/evilhost/x.ps1', '\\evilhost\\x.ps1',
      'CON', 'lib\\NUL.ps1', 'inner.ps1:evilhost', 'file://evilhost/x.ps1',
    ];
    for (const name of names) {
      const spy = spyOnFs();
      let found: string[];
      try {
        found = codes(caller(`'${name}'`), { path, root: ws });
      } finally {
        spy.restore();
      }
      assert.deepEqual(found, [], `${name} must not be followed`);
      assert.deepEqual(spy.calls.filter((c) => /evilhost|outside|NUL|CON/.test(c)), [], `${name}: no file-system call may name it`);
    }
  });

  it('refuses a .. escape from the root and a symlink pointing out of it', () => {
    const path = join(ws, 'main.ps1');
    assert.deepEqual(codes(caller('..\\outside\\inner.ps1'), { path, root: ws }), []);
    symlinkSync(join(dir, 'outside', 'inner.ps1'), join(ws, 'link.ps1'));
    assert.deepEqual(codes(caller('.\\link.ps1'), { path, root: ws }), []);
  });

  it('without a root, follows only within the file\'s own folder', () => {
    assert.deepEqual(codes(caller('.\\inner.ps1'), { path: join(ws, 'main.ps1') }), ['HOP003']);
    assert.deepEqual(codes(caller('..\\outside\\inner.ps1'), { path: join(ws, 'main.ps1') }), []);
  });
});
