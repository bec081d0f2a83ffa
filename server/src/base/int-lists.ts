// Growing a list of integers kept in a typed array (off the collected heap) as it fills.

/** `list` copied into one twice its length. */
export function doubled(list: Int32Array): Int32Array {
  const out = new Int32Array(list.length * 2);
  out.set(list);
  return out;
}

/**
 * A list of integers filled one by one, then taken as one Int32Array: where a JavaScript array filled and
 * then copied into a typed array made both, and the array's growth copies, on the collected heap.
 */
export class IntList {
  private items: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  push(n: number): void {
    if (this.length === this.items.length) this.items = doubled(this.items);
    this.items[this.length++] = n;
  }

  /** The items, in a typed array of their own length. */
  take(): Int32Array {
    return this.items.slice(0, this.length);
  }
}
