import type { ZodError } from 'zod';
import type { FieldIssue } from '../../shared/errors.ts';

/** Turns zod issues into field issues located by JSON Pointer (RFC 6901), one per offending field. */
export function issuesOf(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: `${base}/${escapeSegment(key)}`,
        detail: `unknown field "${key}"`,
      }));
    }
    return [{ pointer: base === '' ? '/' : base, detail: issue.message }];
  });
}

function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${escapeSegment(String(segment))}`).join('');
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
