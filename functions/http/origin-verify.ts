import { timingSafeEqual } from 'node:crypto';

/** The header CloudFront adds to every request it sends to the API (infra/yijian-stack.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Checks the secret header that proves a request came through CloudFront. It accepts the current and the
 * previous value of the secret, so that a rotation never refuses traffic while CloudFront is redeployed
 * with the new one; on a value it does not know it reloads the secret, at most once a minute, so that a
 * warm instance learns of a rotation without a restart.
 */
export class OriginVerifier {
  readonly #load: () => Promise<readonly string[]>;
  readonly #now: () => number;
  #values: readonly string[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;

  constructor(load: () => Promise<readonly string[]>, now: () => number = Date.now) {
    this.#load = load;
    this.#now = now;
  }

  async verifies(value: string | undefined): Promise<boolean> {
    if (value === undefined || value === '') return false;
    if (this.#matches(value)) return true;
    if (this.#now() - this.#loadedAt < 60_000) return false;
    this.#loadedAt = this.#now();
    this.#values = (await this.#load()).filter((v) => v !== '');
    return this.#matches(value);
  }

  #matches(value: string): boolean {
    const given = Buffer.from(value);
    return this.#values.some((known) => {
      const expected = Buffer.from(known);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }
}
