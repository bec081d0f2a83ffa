// The newcomer's check (issue 12): a made-up fifth method added to the catalogue, and nothing else,
// is found in a PowerShell, a VBScript and a JScript fixture that call it over a remote connection, in every
// generated form, and gets the replacement its entry describes. Before the entry is added and after
// the real catalogue is back, the same scripts have no finding: it is the entry that does it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue, MethodEntry } from '../../server/src/catalogue/index';
import { withCatalogue } from '../../server/src/catalogue/testing';
import { analyzeText, initParsers } from '../../server/src/core/analyze';
import { kindOf } from '../../server/src/core/language';
import { applyEdits } from '../../server/src/fixes/types';
import { found } from '../helpers/analyze';
import { expectedFindings } from '../helpers/expectations';
import { METHOD_FORMS, remoteCallFinding } from '../helpers/method-forms';

const FIFTH: MethodEntry = {
  name: 'ResetNodeX',
  params: [{ name: 'NodeName', type: 'string' }],
  replacement: {
    cmdlet: 'Reset-ClusterNodeX',
    args: [{ kind: 'target', param: 'Cluster' }, { kind: 'arg', param: 'Name', from: 'NodeName' }, { kind: 'switch', param: 'Force' }],
  },
};
const withFifth = (c: Catalogue): Catalogue => ({ ...c, methods: [...c.methods, FIFTH] });

const DIR = join(__dirname, '..', 'fixtures', 'newcomer');
const FIXTURES = ['reset-node.remote.ps1', 'reset-node.remote.vbs', 'reset-node.remote.js'];

describe('catalogue: a fifth method needs only its catalogue entry', () => {
  before(() => initParsers());

  for (const file of FIXTURES) {
    it(`${file}: HOP001 with the entry, nothing without it`, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const kind = kindOf(file)!;
      const expected = expectedFindings(text);
      assert.ok(expected?.length, 'the fixture states its finding');
      assert.deepEqual(await found(text, kind), [], 'unknown to the real catalogue');
      const [withEntry, method] = await withCatalogue(withFifth, async () => [await found(text, kind), analyzeText(text, kind).findings[0]?.method]);
      assert.deepEqual(withEntry, expected);
      assert.equal(method, 'ResetNodeX');
      assert.deepEqual(await found(text, kind), [], 'the real catalogue is back');
    });
  }

  it('the PowerShell replacement is written from the entry', async () => {
    const text = readFileSync(join(DIR, 'reset-node.remote.ps1'), 'utf8');
    await withCatalogue(withFifth, () => {
      const { fixes } = remoteCallFinding(text, 'powershell', 'ResetNodeX');
      const preferred = fixes.find((f) => f.isPreferred)!;
      assert.equal(preferred.title, 'Replace with Reset-ClusterNodeX (run from this machine)');
      assert.match(applyEdits(text, preferred.edits), /^Reset-ClusterNodeX -Cluster node1 -Name 'node2' -Force$/m);
    });
  });

  it('without a replacement it is still found, and gets no replace fix', async () => {
    const text = readFileSync(join(DIR, 'reset-node.remote.ps1'), 'utf8');
    await withCatalogue((c) => ({ ...c, methods: [...c.methods, { ...FIFTH, replacement: undefined }] }), () => {
      const { finding, fixes } = remoteCallFinding(text, 'powershell', 'ResetNodeX');
      assert.ok(!fixes.some((f) => f.title.startsWith('Replace with')), JSON.stringify(fixes.map((f) => f.title)));
      assert.match(finding.message, /Run the FailoverClusters cmdlets from this machine/);
    });
  });

  for (const form of METHOD_FORMS) {
    it(`every generated form: ${form.name} (${form.kind})`, async () => {
      await withCatalogue(withFifth, () => remoteCallFinding(form.script(FIFTH), form.kind, 'ResetNodeX'));
    });
  }
});
