import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonMediaType, parseMediaType } from '../../../functions/http/media-type.ts';

describe('parseMediaType (RFC 9110 §8.3.1)', () => {
  it.each([
    ['application/json', 'application/json', {}],
    ['Application/JSON; Charset=UTF-8', 'application/json', { charset: 'UTF-8' }],
    ['application/json;', 'application/json', {}],
    ['application/json ;charset=utf-8', 'application/json', { charset: 'utf-8' }],
    ['application/json; x=";"', 'application/json', { x: ';' }],
    ['text/plain; a="q\\"uo\\\\te"; b=c', 'text/plain', { a: 'q"uo\\te', b: 'c' }],
    ['multipart/form-data; boundary="a b"', 'multipart/form-data', { boundary: 'a b' }],
    ['application/vnd.api+json;;;', 'application/vnd.api+json', {}],
  ])('reads %s', (value, essence, parameters) => {
    const parsed = parseMediaType(value);

    expect(parsed?.essence).toBe(essence);
    expect(Object.fromEntries(parsed?.parameters ?? [])).toEqual(parameters);
  });

  it.each([
    ['', 'nothing'],
    ['application', 'no subtype'],
    ['application/', 'an empty subtype'],
    ['/json', 'an empty type'],
    ['application /json', 'whitespace before the slash'],
    ['application/json; x', 'a parameter without "="'],
    ['application/json; x=', 'an empty unquoted value'],
    ['application/json; x = y', 'whitespace around "="'],
    ['application/json; x="open', 'an unterminated quoted string'],
    ['application/json; x="a"b', 'text after a quoted string'],
    ['application/json; charset=utf-8; CHARSET=latin1', 'a parameter given twice'],
    ['application/json, text/plain', 'a list'],
    ['application/json; x="\u0000"', 'a control character in a quoted string'],
    ['应用/json', 'non-ASCII in the type'],
  ])('refuses %j (%s)', (value) => {
    expect(parseMediaType(value)).toBeUndefined();
  });

  it('never throws and always reports a lower-case essence', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const parsed = parseMediaType(value);
        if (parsed !== undefined) expect(parsed.essence).toBe(parsed.essence.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('jsonMediaType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset="utf-8"', true],
    ['application/json; x=";"', true],
    ['application/json; charset=utf-16', false],
    ['application/jsonp', false],
    ['application/problem+json', false],
    ['text/json', false],
  ])('%s → %s', (value, ok) => {
    expect(jsonMediaType(value).ok).toBe(ok);
  });

  it('says what is missing when there is no Content-Type', () => {
    expect(jsonMediaType(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(jsonMediaType('  ')).toEqual({ ok: false, reason: 'missing' });
  });
});
