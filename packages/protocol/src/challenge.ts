/**
 * The sign-up proof of work, shared by the server (which checks) and clients (which solve):
 * SHA-256 of `${challenge}:${proof}` must begin with `difficulty` zero bits. Each side brings
 * its own SHA-256; this package has no dependencies.
 */
export function proofInput(challenge: string, proof: string): Uint8Array {
  return new TextEncoder().encode(`${challenge}:${proof}`);
}

/** How many zero bits a digest begins with. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
