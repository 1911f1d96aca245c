// The baseline for bundle size and cold import: the smallest Hono app on the same Lambda adapter.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
