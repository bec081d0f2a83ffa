// file: URIs of one file, spelled by different clients, get one key (workspace/uri.ts).
import { strict as assert } from 'node:assert';
import { pathToFileURL } from 'node:url';
import { fileKey } from '../../server/src/workspace/uri';

describe('fileKey', () => {
  it('spells a file URI as the scan does, whatever the client encoded', () => {
    const scan = pathToFileURL('/tmp/ws/tools/evict (copy 2) [old].ps1').href;
    assert.equal(fileKey(scan), scan);
    assert.equal(fileKey('file:///tmp/ws/tools/evict%20%28copy%202%29%20%5Bold%5D.ps1'), scan); // VS Code
    assert.equal(fileKey('file:///tmp/ws/tools/evict%20(copy%202)%20%5bold%5d.ps1'), scan); // lower-case escapes
    assert.notEqual(fileKey('file:///tmp/ws/tools/other.ps1'), scan);
  });

  it('leaves other schemes as they are', () => {
    assert.equal(fileKey('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});
