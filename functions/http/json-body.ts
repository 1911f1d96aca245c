import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import {
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../shared/errors.ts';

export interface JsonBodyOptions {
  maxBytes: number;
  maxDepth: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Guards a JSON request body before any validator sees it: media type (415), size (413), well-formed
 * JSON (400), nesting depth (400, checked before parsing so a hostile body cannot exhaust the stack) and
 * prototype-polluting keys (400).
 */
export function jsonBody(options: JsonBodyOptions): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`The request body is larger than ${options.maxBytes / 1024} KB.`);
    },
  });
  const check: MiddlewareHandler = async (c, next) => {
    const contentType = c.req.header('Content-Type') ?? '';
    const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
    if (mediaType !== 'application/json') {
      throw new UnsupportedMediaTypeError(
        `Send the comment as application/json${mediaType === '' ? '' : `, not ${mediaType}`}.`,
      );
    }
    const charset = parameters.find((p) => p.startsWith('charset='));
    if (charset !== undefined && charset.replace(/"/g, '') !== 'charset=utf-8') {
      throw new UnsupportedMediaTypeError('Only UTF-8 encoded JSON is accepted.');
    }
    const text = await c.req.text();
    if (text.trim() === '') throw new MalformedRequestError('The request body is empty; send a JSON object.');
    const depth = maxNesting(text);
    if (depth > options.maxDepth) {
      throw new MalformedRequestError(
        `The JSON is nested ${depth} levels deep; at most ${options.maxDepth} are allowed.`,
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
        throw new MalformedRequestError(
          `The key "${error.key}" is not allowed anywhere in the request body.`,
        );
      }
      throw new MalformedRequestError(
        `The request body is not valid JSON: ${error instanceof Error ? error.message : ''}`.trim(),
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new MalformedRequestError('The request body must be a JSON object.');
    }
    await next();
  };
  return every(limit, check);
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
