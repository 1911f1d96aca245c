import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import {
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../shared/errors.ts';
import { jsonMediaType } from './media-type.ts';
import { issuesOf } from './validation.ts';

export interface JsonBodyOptions {
  maxBytes: number;
  maxDepth: number;
  /** The `detail` of a 422, e.g. 'The comment is not valid; see errors.' */
  invalidMessage: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// RFC 8259 §8.1: JSON between systems is UTF-8. Invalid bytes are refused rather than replaced by
// U+FFFD, which would store a different text from the one sent; a leading BOM is ignored (§8.1 allows it).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON request body, the only reader of it, so that one rule decides every case: media type
 * (415, see media-type.ts), size (413), UTF-8 and well-formed JSON (400), nesting depth (400, checked
 * before parsing so a hostile body cannot exhaust the stack), prototype-polluting keys (400) and the
 * schema (422). The parsed value is `c.get('body')`.
 */
export function jsonBody<S extends z.ZodType>(schema: S, options: JsonBodyOptions) {
  const limit = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`The request body is larger than ${options.maxBytes / 1024} KB.`);
    },
  });
  return createMiddleware<{ Variables: { body: z.output<S> } }>((c, next) => {
    checkMediaType(c.req.header('Content-Type'));
    return limit(c, async () => {
      const result = await schema.safeParseAsync(await readJsonObject(c, options.maxDepth), {
        reportInput: true,
      });
      if (!result.success) throw new ValidationError(options.invalidMessage, issuesOf(result.error));
      c.set('body', result.data);
      await next();
    });
  });
}

function checkMediaType(contentType: string | undefined): void {
  const verdict = jsonMediaType(contentType);
  if (!verdict.ok) {
    throw new UnsupportedMediaTypeError(
      verdict.reason === 'not-utf-8'
        ? 'Only UTF-8 encoded JSON is accepted.'
        : verdict.reason === 'malformed'
          ? 'The Content-Type header is not a valid media type; send application/json.'
          : `Send the body as application/json${verdict.essence === undefined ? '' : `, not ${verdict.essence}`}.`,
    );
  }
}

async function readJsonObject(c: Context, maxDepth: number): Promise<object> {
  let text: string;
  try {
    text = utf8.decode(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof TypeError) throw new MalformedRequestError('The request body is not valid UTF-8.');
    throw error;
  }
  if (text.trim() === '') throw new MalformedRequestError('The request body is empty; send a JSON object.');
  const depth = maxNesting(text);
  if (depth > maxDepth) {
    throw new MalformedRequestError(
      `The JSON is nested ${depth} levels deep; at most ${maxDepth} are allowed.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
      return v;
    });
  } catch (error) {
    if (error instanceof ForbiddenKeyError) {
      throw new MalformedRequestError(`The key "${error.key}" is not allowed anywhere in the request body.`);
    }
    throw new MalformedRequestError(
      `The request body is not valid JSON: ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedRequestError('The request body must be a JSON object.');
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    // JSON.parse keeps the last one, other parsers the first: refuse rather than guess (RFC 8259 §4).
    throw new MalformedRequestError(`The key "${duplicate}" appears twice in one object.`);
  }
  return value;
}

/** The first member name that occurs twice in one object of a well-formed JSON text, if any. */
export function firstDuplicateKey(json: string): string | undefined {
  const stack: { keys: Set<string> | undefined; expectKey: boolean }[] = [];
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (ch === 0x7b) stack.push({ keys: new Set(), expectKey: true });
    else if (ch === 0x5b) stack.push({ keys: undefined, expectKey: false });
    else if (ch === 0x7d || ch === 0x5d) stack.pop();
    else if (ch === 0x2c && top?.keys !== undefined) top.expectKey = true;
    else if (ch === 0x22) {
      const start = i;
      for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) if (json.charCodeAt(i) === 0x5c) i++;
      if (top?.keys !== undefined && top.expectKey) {
        const key: unknown = JSON.parse(json.slice(start, i + 1));
        if (typeof key !== 'string' || top.keys.has(key)) return String(key);
        top.keys.add(key);
        top.expectKey = false;
      }
    }
  }
  return undefined;
}

class ForbiddenKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(key);
    this.key = key;
  }
}

/** Deepest bracket nesting outside string literals, found in one pass without parsing. */
export function maxNesting(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) max = Math.max(max, ++depth);
    else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}
