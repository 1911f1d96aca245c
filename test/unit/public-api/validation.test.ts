import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesOf } from '../../../functions/http/validation.ts';

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) throw new Error('expected a failure');
  return issuesOf(result.error);
};

describe('issuesOf', () => {
  it('points at the whole document with "" (RFC 6901), not "/"', () => {
    expect(issues(z.object({ a: z.string() }).strict(), 'not an object')).toEqual([
      { pointer: '', code: 'invalid-type', detail: expect.any(String) },
    ]);
  });

  it('keeps "/" for the member whose name is empty', () => {
    expect(issues(z.object({ '': z.string() }).strict(), { '': 1 })).toEqual([
      { pointer: '/', code: 'invalid-type', detail: expect.any(String) },
    ]);
  });

  it('escapes "~" and "/" in member names and indexes arrays', () => {
    const schema = z.object({ 'a/b~c': z.array(z.number()) }).strict();

    expect(issues(schema, { 'a/b~c': [1, 'x'] })).toEqual([
      { pointer: '/a~1b~0c/1', code: 'invalid-type', detail: expect.any(String) },
    ]);
  });

  it('tells a missing field from one of the wrong type', () => {
    const schema = z.object({ a: z.string(), b: z.enum(['x']) }).strict();

    expect(issues(schema, {}).map((i) => i.code)).toEqual(['required', 'required']);
    expect(issues(schema, { a: 1, b: 'y' }).map((i) => i.code)).toEqual(['invalid-type', 'invalid-choice']);
  });

  it('takes the code of a custom issue from its params, and "invalid" for an unknown one', () => {
    const schema = z
      .string()
      .refine(() => false, { params: { code: 'blank' } })
      .refine(() => false, { params: { code: 'made-up' } });

    expect(issues(schema, 'x').map((i) => i.code)).toEqual(['blank', 'invalid']);
  });
});
