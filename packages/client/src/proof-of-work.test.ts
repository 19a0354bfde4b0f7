import { createHash } from 'node:crypto';
import { leadingZeroBits, proofInput } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { solveChallenge } from './proof-of-work.js';

describe('solveChallenge', () => {
  it('finds a proof whose hash, checked as the server checks it, has the zero bits asked for', async () => {
    for (const difficulty of [1, 8, 12]) {
      const challenge = `test-${difficulty}.1700000000.${difficulty}.sig`;
      const proof = await solveChallenge(challenge, difficulty);
      const digest = createHash('sha256').update(proofInput(challenge, proof)).digest();
      expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(difficulty);
    }
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(solveChallenge('x', 40, abort.signal)).rejects.toThrow();
  });

  it('counts leading zero bits across bytes', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });
});
