// V8 compiles reads of typed arrays with no check that their buffer is still attached for as long as no
// ArrayBuffer of the thread (its isolate) has ever been detached; the first detach throws all that code away
// at once. The PowerShell runtime's wasm memory detaches its old buffer whenever it grows, at a moment nobody
// chooses: in the analysis worker's warm-up it was the switch from the PowerShell script to the VBScript one,
// and it threw away 51 optimized functions (the wasm-memory readers, the text scans' tables, the runtime's
// own): the first edits of a short script opened next ran them unoptimized again, twice as long in all
// (docs/PERFORMANCE.md, eighteenth round). Detaching one empty buffer before anything is optimized makes the
// checked code what V8 compiles from the start: one check a read, which every thread pays once its memory grew.

/** Detaches an empty ArrayBuffer of this thread (see above); `initPowerShell` calls it once a thread. */
export function detachOneBuffer(): void {
  const buffer = new ArrayBuffer(0);
  structuredClone(buffer, { transfer: [buffer] });
}
