import * as argon2 from 'argon2';
import { hashPassword, needsRehash, verifyPassword } from './password';

describe('password hashing', () => {
  it("hashes with OWASP's argon2id parameters, and such a hash needs no rehash", async () => {
    const hash = await hashPassword('a-long-passphrase-1');
    // The PHC string names variant and costs: $argon2id$v=19$m=…,t=…,p=…$salt$hash (order as the library writes it).
    const [, variant, , params] = hash.split('$');
    expect(variant).toBe('argon2id');
    expect(Object.fromEntries((params ?? '').split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword(hash, 'a-long-passphrase-1')).toBe(true);
    expect(await verifyPassword(hash, 'a-long-passphrase-2')).toBe(false);
  });

  it('asks for a rehash of hashes made with other costs or another variant', async () => {
    expect(needsRehash(await argon2.hash('x', { type: argon2.argon2id }))).toBe(true); // library defaults: 64 MiB, t=3, p=4
    expect(needsRehash(await argon2.hash('x', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 3, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await argon2.hash('x', { type: argon2.argon2i, memoryCost: 19_456, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('answers false, never throws, for a stored value that is no hash', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
