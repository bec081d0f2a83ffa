// A tree cursor driven through the tree-sitter runtime's own wasm exports, for syntax-tree.ts. The public
// TreeCursor copies the cursor's four words into wasm memory before every call and back after it (eight
// generic setValue/getValue calls); here the cursor stays in the runtime's transfer buffer for a whole
// sequence of moves and is saved only at its end. This reads web-tree-sitter's internals (the Module
// object Parser.init fills in, a Tree's wasm address in `[0]`), which is why web-tree-sitter's version
// is pinned, why `wasmCursors` checks every name it uses (parse/powershell.ts falls back to the public
// cursor without them), and why test/parse/syntax-tree.test.ts compares the two node by node.
import type { Tree } from 'web-tree-sitter';
import type { CursorOps } from './syntax-tree';

type Call = (...args: number[]) => number;

const NAMES = [
  '_ts_init', '_ts_tree_root_node_wasm', '_ts_tree_cursor_new_wasm', '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_descendant_wasm', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_descendant_index_wasm', '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_current_node_wasm', '_ts_node_has_error_wasm',
] as const;

/** The cursor factory over `runtime` (the object given to Parser.init), or undefined when it lacks what it needs. */
export function wasmCursors(runtime: Record<string, unknown>): ((tree: Tree) => CursorOps) | undefined {
  if (!NAMES.every((n) => typeof runtime[n] === 'function') || !(runtime.HEAP32 instanceof Int32Array)) return undefined;
  const f = Object.fromEntries(NAMES.map((n) => [n, runtime[n] as Call])) as Record<(typeof NAMES)[number], Call>;
  // The transfer buffer through which the runtime passes nodes and cursors (ts_init writes the language
  // versions into it again, as at start-up, and returns its address).
  const buffer = f._ts_init() >> 2;
  // Read each time: the runtime replaces its views of memory when the memory grows.
  const heap = () => runtime.HEAP32 as Int32Array;
  return (tree: Tree) => {
    const t = (tree as unknown as Record<number, unknown>)[0];
    if (typeof t !== 'number' || t === 0) throw new Error('web-tree-sitter Tree without its wasm address');
    const saved = new Int32Array(4);
    const save = () => {
      const h = heap();
      for (let i = 0; i < 4; i++) saved[i] = h[buffer + i];
    };
    const restore = () => heap().set(saved, buffer);
    f._ts_tree_root_node_wasm(t);
    f._ts_tree_cursor_new_wasm(t);
    save();
    let live = true;
    return {
      open: restore,
      close: save,
      goto: (d) => void f._ts_tree_cursor_goto_descendant_wasm(t, d),
      firstChild: () => f._ts_tree_cursor_goto_first_child_wasm(t) === 1,
      nextSibling: () => f._ts_tree_cursor_goto_next_sibling_wasm(t) === 1,
      typeId: () => f._ts_tree_cursor_current_node_type_id_wasm(t),
      start: () => f._ts_tree_cursor_start_index_wasm(t),
      end: () => f._ts_tree_cursor_end_index_wasm(t),
      descendantIndex: () => f._ts_tree_cursor_current_descendant_index_wasm(t),
      isMissing: () => f._ts_tree_cursor_current_node_is_missing_wasm(t) === 1,
      fieldId: () => f._ts_tree_cursor_current_field_id_wasm(t),
      hasError: () => {
        // The node is passed through the same buffer: keep the cursor aside meanwhile.
        save();
        f._ts_tree_cursor_current_node_wasm(t);
        const error = f._ts_node_has_error_wasm(t) === 1;
        restore();
        return error;
      },
      delete: () => {
        if (!live) return;
        live = false;
        restore();
        f._ts_tree_cursor_delete_wasm(t);
      },
    };
  };
}
