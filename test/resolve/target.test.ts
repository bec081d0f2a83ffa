// The resolver on hand-built expressions: every class of spec §4 and the traces it keeps.
import { strict as assert } from 'node:assert';
import { emptyFacts, type Expr, type Facts } from '../../server/src/facts/model';
import { resolveTarget, targetResolver } from '../../server/src/resolve/target';
import { analyzeText, initParsers } from '../../server/src/core/analyze';

const s = { start: 0, end: 1 };
const text = (value: string): Expr => ({ kind: 'text', value, span: s });
const v = (name: string, value: Expr, at = 5): Expr => ({ kind: 'var', name, span: s, value, via: { span: { start: at, end: at + 1 }, message: `${name} is assigned here` } });
const unc = (...parts: Expr[]): Expr => ({ kind: 'hostOf', path: { kind: 'concat', parts, span: s }, span: s });
const facts = (): Facts => emptyFacts('powershell');

describe('resolve: target classification (spec §4)', () => {
  it('no server, ".", "localhost" and localNames are local over DCOM', () => {
    assert.equal(resolveTarget(undefined, facts()).locality, 'local');
    for (const h of ['.', 'localhost', 'LocalHost', '']) assert.equal(resolveTarget(text(h), facts()).locality, 'local', h);
    assert.equal(resolveTarget(text('NODE7'), facts(), { localNames: ['node7'] }).locality, 'local');
  });

  it('other names, FQDNs and IPs are remote', () => {
    for (const h of ['node1', 'clu1.contoso.com', '10.0.0.5']) assert.equal(resolveTarget(text(h), facts()).locality, 'remote', h);
  });

  it('loopback addresses are unknown, and so is any WinRM loopback name', () => {
    for (const h of ['127.0.0.1', '::1']) assert.equal(resolveTarget(text(h), facts()).locality, 'unknown', h);
    for (const h of ['localhost', '.']) assert.equal(resolveTarget(text(h), facts(), { transport: 'wsman' }).locality, 'unknown', h);
    const env: Expr = { kind: 'local', why: '$env:COMPUTERNAME', span: s };
    assert.equal(resolveTarget(env, facts()).locality, 'local');
    assert.equal(resolveTarget(env, facts(), { transport: 'wsman' }).locality, 'unknown');
  });

  it('reads the server out of UNC paths and monikers, concatenated or not', () => {
    assert.equal(resolveTarget(unc(text('\\\\node1\\root\\MSCluster')), facts()).shown, 'node1');
    assert.equal(resolveTarget(unc(text('root\\MSCluster')), facts()).locality, 'local');
    assert.equal(resolveTarget(unc(text('//./root/MSCluster')), facts()).locality, 'local');
    const moniker = unc(text('winmgmts:{impersonationLevel=impersonate,authority=kerberos:x}!\\\\'), v('strComputer', text('n9')), text('\\root\\MSCluster'));
    const r = resolveTarget(moniker, facts());
    assert.deepEqual([r.locality, r.shown], ['remote', 'n9']);
    assert.equal(r.trace[0].message, 'strComputer is assigned here');
    assert.equal(resolveTarget(unc(text('winmgmts:root\\MSCluster')), facts()).locality, 'local');
    assert.equal(resolveTarget(unc(text('winmgmts:\\\\.\\root\\MSCluster')), facts()).locality, 'local');
  });

  it('a list is remote if any element is remote, unknown if any is unknown', () => {
    const list = (...items: Expr[]): Expr => ({ kind: 'list', items, span: s });
    assert.equal(resolveTarget(list(text('.'), text('node2')), facts()).locality, 'remote');
    assert.equal(resolveTarget(list(text('.'), { kind: 'unknown', why: 'Read-Host', span: s }), facts()).locality, 'unknown');
    assert.equal(resolveTarget(list(text('.'), text('localhost')), facts()).locality, 'local');
  });

  it('parameters resolve through defaults and every call site, by name prefix or position', () => {
    const f = facts();
    f.functions.set('remove-node', ['cluster', 'server']);
    const p: Expr = { kind: 'param', fn: 'remove-node', name: 'server', index: 1, span: s };
    assert.equal(resolveTarget(p, f).locality, 'unknown', 'no call site, no default');
    assert.equal(resolveTarget({ ...p, default: text('.') }, f).locality, 'local');
    f.callSites.push({ fn: 'remove-node', span: s, args: [{ name: 'serv', value: text('.') }] });
    assert.equal(resolveTarget(p, f).locality, 'local');
    f.callSites.push({ fn: 'remove-node', span: s, args: [{ value: text('c1') }, { value: text('node4') }] });
    const r = resolveTarget(p, f);
    assert.deepEqual([r.locality, r.shown], ['remote', 'node4']);
    assert.match(r.trace[0].message, /remove-node is called with \$server/);
  });

  it('a parameter whose default is a script block with its own param block does not shift the positions', async () => {
    await initParsers();
    const text = [
      'function Evict-It {',
      '  param($Log = { param($Line) Write-Host $Line }, $Node)',
      "  $c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Node; $c.EvictNode('n1')",
      '}',
      'Evict-It $null clu30',
    ].join('\n');
    const hop = analyzeText(text, 'powershell', { noPrefilter: true }).findings.find((f) => f.code === 'HOP001');
    assert.equal(hop?.target, 'clu30', 'the second argument binds $Node, not the block\'s own $Line');
  });

  it('a recursive parameter does not loop', () => {
    const f = facts();
    f.functions.set('f', ['x']);
    const p: Expr = { kind: 'param', fn: 'f', name: 'x', index: 0, span: s };
    f.callSites.push({ fn: 'f', span: s, args: [{ value: p }] });
    assert.equal(resolveTarget(p, f).locality, 'unknown');
  });

  it('one resolver for a script\'s targets follows a parameter through the function\'s calls once, and answers as resolving each alone does', () => {
    // A session helper called from 50 places; targets that read its parameter through variables, and a
    // parameter reached from another (followed each time: the way there matters), and one passed to itself.
    const f = facts();
    f.functions.set('invoke-onnode', ['node', 'block']).set('wrap', ['server']).set('self', ['x']);
    const node: Expr = { kind: 'param', fn: 'invoke-onnode', name: 'node', index: 0, span: s };
    const server: Expr = { kind: 'param', fn: 'wrap', name: 'server', index: 0, span: s };
    const self: Expr = { kind: 'param', fn: 'self', name: 'x', index: 0, span: s, default: text('.') };
    for (let i = 0; i < 50; i++) f.callSites.push({ fn: 'invoke-onnode', span: { start: 10 + i, end: 11 + i }, args: [{ name: 'node', value: i === 7 ? server : text(`node${i % 3}`) }] });
    f.callSites.push({ fn: 'wrap', span: s, args: [{ value: text('.') }] }, { fn: 'self', span: s, args: [{ value: self }] });
    const targets: Expr[] = [...Array.from({ length: 20 }, (_, i) => v(`n${i}`, node, i)), node, server, self, v('y', self)];
    const alone = targets.map((t) => resolveTarget(t, f, { transport: 'wsman' }));
    let lookups = 0; // how often the calls of a function are looked up
    const sites = f.callSites;
    const filter = sites.filter.bind(sites);
    Object.defineProperty(sites, 'filter', { value: (...a: Parameters<typeof filter>) => (lookups++, filter(...a)) });
    const resolve = targetResolver(f);
    assert.deepEqual(targets.map((t) => resolve(t, { transport: 'wsman' })), alone);
    // Once for each parameter at each depth it is reached at from no other: invoke-onnode's through the 20
    // variables and alone (each time with wrap's, reached through it), wrap's alone, self's alone and through y.
    assert.equal(lookups, 7);
    assert.deepEqual([alone[0].locality, alone[0].shown], ['remote', 'node0']);
    assert.match(alone[0].trace[1].message, /invoke-onnode is called with \$node/);
  });

  it('a host built from an unknown part is unknown; the local name with a DNS suffix is local', () => {
    const unknown: Expr = { kind: 'unknown', why: 'WScript.Arguments', span: s };
    assert.equal(resolveTarget({ kind: 'concat', parts: [unknown, text('.contoso.com')], span: s }, facts()).locality, 'unknown');
    const local: Expr = { kind: 'local', why: '$env:COMPUTERNAME', span: s };
    assert.equal(resolveTarget({ kind: 'concat', parts: [local, text('.contoso.com')], span: s }, facts()).locality, 'local');
  });
});
