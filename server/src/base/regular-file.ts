// Reading a regular file without trusting the path to name one: a FIFO or a device, there from the start or
// swapped in after a check, must not hold the reader (O_NONBLOCK keeps the open from waiting, fstat tells what
// it got), and a file may grow while it is read (the read stops past the cap). core/referenced-script.ts and
// base/code-cache.ts read through it.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The file's bytes, at most `maxBytes`; 'not a file' when what was opened is not a regular file, 'too large'
 * when it holds more than `maxBytes` (at the open, or once read). Throws as `openSync` does (missing, unreadable).
 */
export function readRegularFile(path: string, maxBytes: number): Buffer | 'not a file' | 'too large' {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a file';
    if (st.size > maxBytes) return 'too large';
    const buf = Buffer.allocUnsafe(st.size + 1); // one byte more: a file that grew is seen to
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return n > maxBytes ? 'too large' : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
