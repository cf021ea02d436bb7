/** Growable shared memory: a SharedArrayBuffer that grows in place, so views held by workers stay valid. */

/** Largest size a growable buffer may reach (Buffer and typed-array limits in Node 20). */
const MAX_BYTES = 2 ** 32 - 1;

/** A growable SharedArrayBuffer of at least `bytes`. */
export function growableBuffer(bytes: number, max = MAX_BYTES): SharedArrayBuffer {
  const Growable = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => SharedArrayBuffer;
  return new Growable(Math.max(bytes, 64), { maxByteLength: max });
}

/** Grows `sab` (doubling) until it holds `bytes`; views built without a length follow it. */
export function ensureBytes(sab: SharedArrayBuffer, bytes: number): void {
  if (sab.byteLength >= bytes) return;
  const growable = sab as SharedArrayBuffer & { grow(n: number): void; maxByteLength: number };
  let size = sab.byteLength;
  while (size < bytes) size *= 2;
  growable.grow(Math.min(size, growable.maxByteLength));
  if (sab.byteLength < bytes) throw new RangeError(`shared buffer limit reached (${bytes} bytes wanted)`);
}
