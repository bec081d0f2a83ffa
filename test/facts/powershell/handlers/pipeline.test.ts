// handlers/pipeline.ts: ForEach-Object, filters, input commands, hostname, block runners.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../../server/src/core/analyze';
import { factsOf, findingsOf, setup } from './helpers';

const conn = (computer: string) => `Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName ${computer}`;

describe('handlers/pipeline', () => {
  before(setup);

  it('ForEach-Object / % / foreach run their block on the input ($_ and $PSItem)', () => {
    assert.deepEqual(findingsOf(`${conn('n1')} | ForEach-Object { $_.EvictNode('n2') }`), ["HOP001 EvictNode 'n1'"]);
    assert.deepEqual(findingsOf(`${conn('n1')} | % { $PSItem.AddNode('n3') }`), ["HOP001 AddNode 'n1'"]);
  });

  it('filters pass objects through', () => {
    assert.deepEqual(findingsOf(`${conn('n1')} | Where-Object { $_.Name } | select -First 1 | foreach { $_.EvictNode('n2') }`), ["HOP001 EvictNode 'n1'"]);
  });

  it('input commands give an unknown target; hostname a local one', () => {
    const [finding] = analyzeText(`$n = Read-Host 'node'\n$c = ${conn('$n')}\n$c.EvictNode('n2')`, 'powershell').findings;
    assert.equal(finding.code, 'HOP002');
    assert.match(finding.message, /Read-Host input/);
    assert.deepEqual(findingsOf(`$n = hostname\n$c = ${conn('$n')}\n$c.EvictNode('n2')`), []);
  });

  it('block runners run their blocks here', () => {
    assert.deepEqual(findingsOf(`Measure-Command { $c = ${conn('n1')}; $c.EvictNode('n2') }`), ["HOP001 EvictNode 'n1'"]);
  });

  it('a function of the same name as an unbound command wins: its call site is recorded', () => {
    assert.deepEqual(factsOf(`function Read-Host { 'n1' }\n$n = Read-Host\n$c = ${conn('$n')}\n$c.EvictNode('n2')`).callSites.map((c) => c.fn), ['read-host']);
    assert.deepEqual(factsOf(`function Get-WmiObject { 'n1' }\n$c = ${conn('n1')}`).callSites, []); // a bound command wins
  });
});
