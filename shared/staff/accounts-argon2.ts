import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from './accounts.ts';

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane), which are OWASP's recommended minimum;
 * the parameters travel inside each PHC string, so raising them later keeps old hashes verifiable.
 */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash must read as a wrong password, never as a crash of the login page.
      return false;
    }
  },
};
