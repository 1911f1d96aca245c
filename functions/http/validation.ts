import type { core, ZodError } from 'zod';
import { type FieldErrorCode, isFieldErrorCode } from '../../shared/comment/rules.ts';
import type { FieldIssue } from '../../shared/errors.ts';

/**
 * Turns zod issues into field issues located by JSON Pointer (RFC 6901), one per offending field, each
 * with a stable code. Parse with `reportInput: true` so that a missing field can be told from a wrong one.
 */
export function issuesOf(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: `${base}/${escapeSegment(key)}`,
        code: 'unknown-field' as const,
        detail: `unknown field "${key}"`,
      }));
    }
    // RFC 6901: the whole document is "", not "/" (which names the member with the empty key).
    return [{ pointer: base, code: codeOf(issue), detail: issue.message }];
  });
}

function codeOf(issue: core.$ZodIssue): FieldErrorCode {
  const missing = 'input' in issue && issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'required' : 'invalid-type';
    case 'invalid_value':
      return missing ? 'required' : 'invalid-choice';
    case 'invalid_format':
      return 'invalid-format';
    case 'too_big':
      return 'too-long';
    case 'custom':
      return isFieldErrorCode(issue.params?.code) ? issue.params.code : 'invalid';
    default:
      return 'invalid';
  }
}

function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${escapeSegment(String(segment))}`).join('');
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
