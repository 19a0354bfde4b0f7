import { sha256 } from '@noble/hashes/sha2.js';
import { leadingZeroBits, proofInput } from '@peyk/protocol';

/** Hashes between two yields to the event loop: a page stays responsive while it solves. */
const SLICE = 2048;

/**
 * Solves a sign-up challenge (docs/PROTOCOL.md): the first proof, counting up in base 36, whose
 * SHA-256 with the challenge begins with `difficulty` zero bits. About 2^difficulty hashes.
 */
export async function solveChallenge(
  challenge: string,
  difficulty: number,
  signal?: AbortSignal,
): Promise<string> {
  for (let n = 0; ; ) {
    for (const end = n + SLICE; n < end; n++) {
      const proof = n.toString(36);
      if (leadingZeroBits(sha256(proofInput(challenge, proof))) >= difficulty) return proof;
    }
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
