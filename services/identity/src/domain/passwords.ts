// Password hashing with argon2id, and the dummy verification that keeps unknown emails from
// answering faster than known ones.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is an ambient const enum, which erasable TypeScript cannot read as a value.
const ARGON2ID: Algorithm = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a hash this hasher cannot read. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the time of one verification without a user, so "no such email" is not faster. */
  verifyNothing(password: string): Promise<void>;
}

export interface PasswordHashingCost {
  /** KiB of memory per hash; OWASP's argon2id minimum is 19 MiB with 2 iterations. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_HASHING_COST: PasswordHashingCost = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function createPasswordHasher(
  cost: PasswordHashingCost = DEFAULT_HASHING_COST,
): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...cost };
  // Computed up front so that even the first unknown-email login costs one verification, not a
  // hash plus a verification.
  const dummyHash = hash('marquee-dummy-password', options);
  // A failure surfaces in verifyNothing; this only keeps it from counting as unhandled.
  dummyHash.catch(() => undefined);

  const verifyHash = async (passwordHash: string, password: string) => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  };

  return {
    hash: (password) => hash(password, options),
    verify: verifyHash,
    async verifyNothing(password) {
      await verifyHash(await dummyHash, password);
    },
  };
}
