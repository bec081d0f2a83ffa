// The fact extractor reads PowerShell trees through a view (server/src/parse/syntax-tree.ts) whose fast
// cursor drives web-tree-sitter's wasm exports directly (parse/wasm-cursor.ts). Every answer must be the
// one web-tree-sitter's Node API gives: compared node by node on every PowerShell fixture and example,
// on broken and respelled input, and across a growth of wasm memory.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Node as TsNode, Tree } from 'web-tree-sitter';
import { currentAccess, initPowerShell, parsePowerShell, parsePowerShellRanges, usesDirectReads, viewOf } from '../../server/src/parse/powershell';
import type { SyntaxNode } from '../../server/src/parse/syntax-node';
import { SyntaxTree, apiAccess, apiCursor } from '../../server/src/parse/syntax-tree';
import { subtreeReaders, type SubtreeReader } from '../../server/src/parse/wasm-subtrees';
import { decode } from '../../server/src/base/decode';
import { BudgetExceeded } from '../../server/src/base/budget';
import { filesUnder, isPowerShell } from '../helpers/files';
import { PRECEDENCE } from '../../server/src/facts/powershell/syntax';

const scripts = (dir: string): string[] => filesUnder(dir, isPowerShell);

/**
 * Every node of `raw` (Node API) against the view's node at the same place: the first difference, or ''.
 * Siblings are not compared: the view's are the parent's next and previous children, where tree-sitter's
 * own can skip past a comment that ends a hidden repetition node (a top-level comment before a
 * statement has no next named sibling there, although its parent's children go on).
 */
function difference(raw: TsNode, view: SyntaxNode, fields: string[]): string {
  const stack: [TsNode, SyntaxNode, SyntaxNode | null][] = [[raw, view, null]];
  while (stack.length) {
    const [r, v, parent] = stack.pop()!;
    const where = `${r.type}@${r.startIndex}`;
    const want = [r.type, r.startIndex, r.endIndex, r.isNamed, r.isMissing, r.hasError, r.text, r.childCount, r.namedChildCount,
      ...fields.map((f) => r.childForFieldName(f)?.startIndex ?? -1)];
    const got = [v.type, v.startIndex, v.endIndex, v.isNamed, v.isMissing, v.hasError, v.text, v.childCount, v.namedChildCount,
      ...fields.map((f) => v.childForFieldName(f)?.startIndex ?? -1)];
    if (JSON.stringify(want) !== JSON.stringify(got)) return `${where}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`;
    if (v.parent !== parent) return `${where}: wrong parent`;
    const kids = r.children;
    kids.forEach((k, i) => stack.push([k!, v.children[i], v]));
  }
  return '';
}

function compare(tree: Tree, slice: (a: number, b: number) => string, name: string): void {
  const fields = tree.language.fields.filter((f): f is string => !!f);
  // The fast view (children read from wasm memory), the runtime's exports alone, and the public API.
  const views = [viewOf(tree, slice), new SyntaxTree(tree, slice, { cursor: currentAccess().cursor }), new SyntaxTree(tree, slice, apiAccess)];
  for (const view of views) {
    try {
      assert.equal(difference(tree.rootNode, view.rootNode, fields), '', name);
    } finally {
      view.delete();
    }
  }
}

describe('the syntax tree view reads what web-tree-sitter reads (parse/syntax-tree.ts)', () => {
  before(async () => {
    await initPowerShell();
  });

  it('reads wasm memory and the runtime\'s exports on this web-tree-sitter (else the fast path is silently lost)', () => {
    assert.equal(usesDirectReads(), true);
    const text = '$a = 1\n';
    const tree = parsePowerShell(text);
    try {
      assert.ok(currentAccess().subtrees?.(tree), 'the layout checks pass');
    } finally {
      tree.delete();
    }
  });

  it('does not read memory whose layout does not look like the runtime\'s (a view then reads through the cursor)', () => {
    const text = '$a = 1\n';
    const tree = parsePowerShell(text);
    try {
      // A runtime whose memory holds nothing where the tree's language should be.
      const address = (tree as unknown as Record<number, number>)[0];
      const blank = new ArrayBuffer(address + 4096);
      const fake = { HEAPU8: new Uint8Array(blank), HEAPU16: new Uint16Array(blank), HEAPU32: new Uint32Array(blank) };
      assert.equal(subtreeReaders(fake)!(tree), undefined);
      assert.equal(subtreeReaders({}), undefined);
    } finally {
      tree.delete();
    }
  });

  const files = [...scripts('test/fixtures'), ...scripts('examples')];
  it(`every node of the ${files.length} PowerShell fixtures and examples, whole and cut short`, () => {
    assert.ok(files.length > 100);
    for (const f of files) {
      const d = decode(readFileSync(f));
      if (!d.ok) continue;
      for (const text of [d.text, d.text.slice(0, Math.floor(d.text.length / 2))]) {
        const tree = parsePowerShell(text);
        try {
          compare(tree, (a, b) => text.slice(a, b), f);
        } finally {
          tree.delete();
        }
      }
    }
  });

  it('tells whether a node of a type lies on the way down to an offset, from memory as the nodes tell it (hasOnPathTo)', () => {
    const types = ['script_block_expression', 'statement_block', 'command', 'ERROR'];
    /** The answer from web-tree-sitter's nodes: each level's first child ending after `p`, while it starts at or before it. */
    const expected = (from: TsNode, p: number, type: string): boolean => {
      for (let n: TsNode | null = from; n && n.startIndex <= p; n = n.children.find((c) => c!.endIndex > p) ?? null) if (n.type === type) return true;
      return false;
    };
    let yes = 0;
    for (const f of files) {
      const d = decode(readFileSync(f));
      if (!d.ok) continue;
      const text = d.text;
      const tree = parsePowerShell(text);
      const slice = (a: number, b: number) => text.slice(a, b);
      try {
        // From memory (which makes no node, so the view's root is never read), and through the cursor's nodes.
        for (const view of [viewOf(tree, slice), new SyntaxTree(tree, slice, apiAccess)]) {
          try {
            for (let p = 0; p < text.length; p += 11) {
              for (const type of types) {
                const want = expected(tree.rootNode, p, type);
                assert.equal(view.rootNode.hasOnPathTo(p, type), want, `${f} @${p} ${type}`);
                if (want) yes++;
              }
            }
          } finally {
            view.delete();
          }
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(yes > 1000, `${yes} offsets with such a node`);
  });

  it('a tree of one included range, with MISSING and ERROR nodes', () => {
    const text = 'Get-A\n$x = foo(\nif ($a -eq { 1\n$c.EvictNode("n2")\n';
    const range = { start: text.indexOf('$x'), end: text.indexOf('\n$c') };
    const tree = parsePowerShellRanges(text, [range])!;
    try {
      assert.ok(tree.rootNode.hasError);
      compare(tree, (a, b) => text.slice(a, b), 'range');
    } finally {
      tree.delete();
    }
  });

  it('MISSING nodes, small ones and those the runtime keeps out of line (long blank runs after them)', () => {
    for (const text of ['foo()', 'foo(' + ' '.repeat(300) + ')', 'while (1) {' + '\n'.repeat(20), '[' + ' '.repeat(300) + ']$x']) {
      const tree = parsePowerShell(text);
      try {
        assert.ok(tree.rootNode.hasError, text);
        compare(tree, (a, b) => text.slice(a, b), JSON.stringify(text));
      } finally {
        tree.delete();
      }
    }
  });

  it('keeps reading right after wasm memory grows under a view in use', () => {
    const text = 'function F($n) { Invoke-Command -ComputerName $n { Get-ClusterNode } }\n'.repeat(50);
    const tree = parsePowerShell(text);
    const view = viewOf(tree, (a, b) => text.slice(a, b));
    try {
      const first = view.rootNode.children[0].children.length;
      // A large parse grows the runtime's memory (and replaces its views of it) between two reads.
      const big = parsePowerShell('$x = @(' + '1,'.repeat(400_000) + '1)\n');
      big.delete();
      assert.equal(view.rootNode.children[0].children.length, first);
      assert.equal(difference(tree.rootNode, view.rootNode, tree.language.fields.filter((f): f is string => !!f)), '');
    } finally {
      view.delete();
      tree.delete();
    }
  });

  it('stops reading past the deadline (reading a huge subtree takes seconds); another view of the tree still reads it', () => {
    const text = '$x = @(' + '1,'.repeat(20_000) + '1)\n';
    const tree = parsePowerShell(text);
    const all = (v: ReturnType<typeof viewOf>) => v.rootNode.descendantsOfType('decimal_integer_literal').length;
    const late = viewOf(tree, (a, b) => text.slice(a, b), false, { at: Date.now() - 1, budgetMs: 1 });
    const free = viewOf(tree, (a, b) => text.slice(a, b));
    try {
      assert.throws(() => all(late), BudgetExceeded);
      assert.equal(all(free), 20_001);
    } finally {
      late.delete();
      free.delete();
      tree.delete();
    }
  });

  it('refuses to read a deleted view (its tree\'s memory may be reused) and deletes only once', () => {
    const text = '$a = 1\n';
    const view = viewOf(parsePowerShell(text), (a, b) => text.slice(a, b), true);
    const root = view.rootNode;
    view.delete();
    view.delete();
    assert.throws(() => root.children, /after it was deleted/);
  });

  it('reads a node only when its parent is asked for its children', () => {
    const text = '$a = 1\n$b = Get-ClusterNode -Name x\n';
    const tree = parsePowerShell(text);
    const calls: string[] = [];
    const counting = (t: Tree) => {
      const ops = apiCursor(t);
      return { ...ops, firstChild: () => (calls.push('down'), ops.firstChild()) };
    };
    const view = new SyntaxTree(tree, (a, b) => text.slice(a, b), { cursor: counting });
    try {
      const list = view.rootNode.children[0];
      assert.equal(calls.length, 1);
      const second = list.namedChildren[1];
      assert.equal(second.text, '$b = Get-ClusterNode -Name x');
      assert.equal(calls.length, 2);
      void list.namedChildren[1].children;
      assert.equal(calls.length, 3, 'the first statement is never read');
    } finally {
      view.delete();
      tree.delete();
    }
  });

  it('reads a level of wasm memory only when its parent is asked for its children', () => {
    const text = '$a = 1\n$b = Get-ClusterNode -Name x\n';
    const tree = parsePowerShell(text);
    const levels: number[] = [];
    const counting = (t: Tree): SubtreeReader | undefined => {
      const r = currentAccess().subtrees!(t)!;
      return { root: r.root, hasError: (s) => r.hasError(s), changedSince: (o) => r.changedSince(o), sameSyntax: (a, o, b) => r.sameSyntax(a, o, b), childCount: (s) => r.childCount(s), childFor: (s, start, d, at, out) => r.childFor(s, start, d, at, out), children: (s, start, d, out) => (levels.push(start), r.children(s, start, d, out)) };
    };
    const view = new SyntaxTree(tree, (a, b) => text.slice(a, b), { cursor: apiCursor, subtrees: counting });
    try {
      const list = view.rootNode.children[0];
      assert.equal(levels.length, 1);
      assert.equal(list.namedChildren[1].text, '$b = Get-ClusterNode -Name x');
      assert.equal(levels.length, 2);
      void list.namedChildren[1].children;
      assert.deepEqual(levels, [0, 0, 7], 'the first statement is never read');
    } finally {
      view.delete();
      tree.delete();
    }
  });

  it('finds a long list\'s child holding an offset without reading the others, and it is the node a later read gives', () => {
    // Statements of several kinds, comments and blank lines between them, a broken one and a nested list.
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      lines.push(i % 7 === 0 ? `# note ${i}` : i % 5 === 0 ? `if ($v${i}) { $w = ${i} }` : i % 97 === 0 ? `$x${i} = (1,` : `$v${i} = Get-Service -Name 's${i}'`);
      if (i % 13 === 0) lines.push('');
    }
    const text = lines.join('\n') + '\n';
    const tree = parsePowerShell(text);
    const read: number[] = [];
    const counting = (t: Tree): SubtreeReader | undefined => {
      const r = currentAccess().subtrees!(t)!;
      return { root: r.root, hasError: (x) => r.hasError(x), changedSince: (o) => r.changedSince(o), sameSyntax: (a, o, b) => r.sameSyntax(a, o, b), childCount: (x) => r.childCount(x),
        childFor: (x, start, d, at, out) => r.childFor(x, start, d, at, out), children: (x, start, d, out) => (read.push(x), r.children(x, start, d, out)) };
    };
    const looked = new SyntaxTree(tree, (a, b) => text.slice(a, b), { cursor: apiCursor, subtrees: counting });
    const full = viewOf(tree, (a, b) => text.slice(a, b));
    try {
      const list = looked.rootNode.children.find((k) => k.type === 'statement_list')!;
      const fullList = full.rootNode.children.find((k) => k.type === 'statement_list')!;
      assert.ok(fullList.children.length > 64, `the list has ${fullList.children.length} children`);
      const before = read.length;
      assert.equal(list.hasError, fullList.hasError);
      assert.equal(read.filter((x, i) => i >= before && x === list.subtree).length, 0, 'hasError read the list\'s children');
      const offsets = [0, 1, list.startIndex, list.endIndex - 1, list.endIndex, text.length + 5];
      for (let p = 0; p < text.length; p += 17) offsets.push(p);
      for (const k of fullList.children) offsets.push(k.startIndex, k.endIndex, k.endIndex - 1);
      const got = new Map<number, ReturnType<typeof list.firstChildForIndex>>();
      for (const p of offsets) {
        const a = list.firstChildForIndex(p);
        const b = fullList.firstChildForIndex(p);
        got.set(p, a);
        assert.equal(a === null, b === null, `offset ${p}`);
        if (a && b) {
          assert.deepEqual([a.type, a.startIndex, a.endIndex, a.descendant, a.isNamed, a.isMissing, a.hasError, a.text],
            [b.type, b.startIndex, b.endIndex, b.descendant, b.isNamed, b.isMissing, b.hasError, b.text], `offset ${p}`);
          assert.deepEqual(a.children.map((c) => c.type), b.children.map((c) => c.type), `offset ${p}: its children`);
        }
      }
      assert.equal(read.filter((x, i) => i >= before && x === list.subtree).length, 0, 'the list\'s children were all read');
      // Reading all of them afterwards gives the very nodes looked up, at their places.
      const all = list.children;
      for (const [p, node] of got) if (node) assert.equal(all[all.indexOf(node)], node, `offset ${p}: a second node for the same child`);
      for (const node of got.values()) if (node) assert.equal(node.nextSibling, all[all.indexOf(node) + 1] ?? null);
      assert.equal(all.length, fullList.children.length);
    } finally {
      looked.delete();
      full.delete();
      tree.delete();
    }
  });

  it('reads through a chain of single-child expression levels in memory below any node: the node the levels lead to, and the one reading them later gives', () => {
    let chains = 0;
    let deep = 0;
    for (const f of files) {
      const d = decode(readFileSync(f));
      if (!d.ok) continue;
      const text = d.text;
      const tree = parsePowerShell(text);
      const view = viewOf(tree, (a, b) => text.slice(a, b));
      try {
        const stack = [view.rootNode];
        while (stack.length) {
          const n = stack.pop()!;
          if (!n.hasKids) { // every node, whatever its type: the chain below it is of PRECEDENCE's
            const end = view.chainEnd(n, PRECEDENCE);
            // The same, read level by level afterwards: down the only child while it is named, of the chain's
            // types and has one child itself; a token alone ends it with no answer.
            let expected: SyntaxNode | undefined;
            let levels = 0;
            if (n.children.length === 1) {
              for (let cur = n; ;) {
                const k = cur.children[0];
                levels++;
                if (!k.isNamed) break;
                if (!PRECEDENCE.has(k.type) || k.children.length !== 1) { expected = k; break; }
                cur = k;
              }
            }
            assert.equal(end, expected, `${f}: ${n.type}@${n.startIndex}`); // the very node, not an equal one
            if (end) {
              assert.equal(end.parent, n, 'its parent is the chain\'s top');
              assert.equal(end.nextSibling, null);
              chains++;
              if (levels > 3) deep++;
            }
          }
          for (const k of n.children) stack.push(k);
        }
      } finally {
        view.delete();
        tree.delete();
      }
    }
    assert.ok(chains > 1000 && deep > 1000, `${chains} chains, ${deep} over three levels`);
  });

  it('reads an ERROR node\'s side-by-side children once instead of looking each child up (which would be quadratic)', () => {
    const text = Array.from({ length: 300 }, (_, i) => `$a${i} = @(1, 2`).join('\n'); // the grammar gives up on the whole file
    const tree = parsePowerShell(text);
    const reads: number[] = [];
    const lookups: number[] = [];
    const counting = (t: Tree): SubtreeReader | undefined => {
      const r = currentAccess().subtrees!(t)!;
      return { root: r.root, hasError: (x) => r.hasError(x), changedSince: (o) => r.changedSince(o), sameSyntax: (a, o, b) => r.sameSyntax(a, o, b), childCount: (x) => r.childCount(x),
        childFor: (x, start, d, at, out) => { const i = r.childFor(x, start, d, at, out); lookups.push(i); return i; },
        children: (x, start, d, out) => (reads.push(x), r.children(x, start, d, out)) };
    };
    const view = new SyntaxTree(tree, (a, b) => text.slice(a, b), { cursor: apiCursor, subtrees: counting });
    const full = viewOf(tree, (a, b) => text.slice(a, b));
    try {
      const root = view.rootNode;
      assert.equal(root.type, 'ERROR');
      for (let p = 0; p < text.length; p += 7) {
        const a = root.firstChildForIndex(p);
        const b = full.rootNode.firstChildForIndex(p);
        assert.deepEqual(a && [a.type, a.startIndex, a.endIndex, a.descendant], b && [b.type, b.startIndex, b.endIndex, b.descendant], `offset ${p}`);
      }
      assert.ok(full.rootNode.children.length > 1000, `${full.rootNode.children.length} children`);
      // Lookups of the first children stay within a balanced tree's steps; the first that does not gives up.
      assert.equal(lookups.filter((i) => i === -2).length, 1, 'one lookup gave up, and the children were read instead');
      assert.equal(lookups[lookups.length - 1], -2, 'no lookup after the children were read');
      assert.equal(reads.filter((x) => x === root.subtree).length, 1, 'the children were read once');
    } finally {
      view.delete();
      full.delete();
      tree.delete();
    }
  });
});
