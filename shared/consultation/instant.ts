import { z } from 'zod';

/**
 * Every instant the store keeps is written in one fixed format, `Date#toISOString()` (24 characters,
 * milliseconds, `Z`): `2026-12-26T16:00:00Z` and `2026-12-26T16:00:00.500Z` compare wrongly as strings
 * ('Z' sorts after '.'), so anything that sorts or compares them as strings (index sort keys) needs one
 * format, and everything that decides (the window) compares instants, never strings.
 */
export function instant(value: string | Date): string {
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(time)) throw new RangeError(`not an instant: ${String(value)}`);
  return new Date(time).toISOString();
}

/** An ISO 8601 instant (with `Z` or an offset), normalised to the one stored format at parse. */
export const Instant = z.iso.datetime({ offset: true }).transform((value) => instant(value));
