import * as argon2 from 'argon2';

/**
 * argon2id with OWASP's Password Storage parameters (19 MiB, t=2, p=1): about a tenth of the
 * library's defaults (64 MiB, t=3, p=4) in CPU, so 2 cores sign in ≥ 50 people a second, and
 * still memory-hard. Hashes made with other parameters are upgraded at the next sign-in
 * (`needsRehash`).
 */
export const PASSWORD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made otherwise than `hashPassword` makes one now (another variant or other costs). */
export function needsRehash(hash: string): boolean {
  if (!hash.startsWith('$argon2id$')) return true;
  try {
    const { memoryCost, timeCost, parallelism } = PASSWORD_HASH_OPTIONS;
    return argon2.needsRehash(hash, { memoryCost, timeCost, parallelism });
  } catch {
    return true;
  }
}

/** A hash of nothing anyone knows, with the current parameters: verifying against it keeps unknown-user logins as slow as real ones. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
}
