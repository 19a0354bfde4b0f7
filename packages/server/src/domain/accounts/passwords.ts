import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { HashingGate } from './hashing-gate.js';

// Algorithm.Argon2id is a const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;

/** Argon2id with OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Two hashes at a time (the machine's cores), 64 waiting: see HashingGate. */
const gate = new HashingGate(2, 64);

export function hashPassword(password: string): Promise<string> {
  return gate.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return gate.run(async () => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  });
}

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('peyk-decoy-password');
  return decoy;
}
