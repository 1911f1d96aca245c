import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/store/dynamodb/keys.ts';
import { anOpenConsultation, aSubmission } from '../../support/factories.ts';

// The handler wraps the client in a document client; see test/unit/store/dynamodb-store.test.ts.
const doc = mockClient(DynamoDBDocumentClient);
const consultation = {
  // A window around the real clock: the handler runs on the system clock.
  ...anOpenConsultation({}, new Date()),
};

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  process.env.TABLE_NAME = 'yijian-handler-test';
  process.env.AWS_REGION = 'ap-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  // Never reach AWS even if a command were left unmocked.
  process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
  process.env.LOG_LEVEL = 'SILENT';
  // Limits stay on (the mocked UpdateCommand counts 1); proof of work is tested in abuse tests.
  process.env.ABUSE_KEY = 'handler-test-key-handler-test-key-0123';
  process.env.PROOF_OF_WORK = 'off';
  const module = await import('../../../functions/public-api/handler.ts');
  handler = module.handler as unknown as Handler;
});

afterAll(() => {
  process.env = savedEnv;
  doc.restore();
});

beforeEach(() => {
  doc.reset();
  // Generic matchers first: aws-sdk-client-mock lets the more specific ones defined later win.
  doc
    .on(GetCommand)
    .resolves({})
    .on(QueryCommand, { IndexName: 'gsi1' })
    .resolves({ Items: [{ ...keys.consultation(consultation.id), entity: 'consultation', ...consultation }] })
    .on(GetCommand, { Key: keys.counter(consultation.id, 'ALL', 0) })
    .resolves({ Item: { n: 2 } })
    .on(GetCommand, { Key: keys.counter(consultation.id, 'ALL', 3) })
    .resolves({ Item: { n: 1 } })
    .on(GetCommand, { Key: keys.consultation(consultation.id) })
    .resolves({ Item: { ...keys.consultation(consultation.id), entity: 'consultation', ...consultation } })
    .on(TransactWriteCommand)
    .resolves({})
    .on(UpdateCommand)
    .resolves({});
});

/** An API Gateway HTTP API payload v2 event, as the `ANY /api/{proxy+}` route delivers it. */
function httpApiEvent(
  method: string,
  rawPath: string,
  options: {
    headers?: Record<string, string>;
    body?: string;
    base64?: boolean;
    rawQueryString?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const time = new Date();
  const body =
    options.body === undefined
      ? undefined
      : options.base64
        ? Buffer.from(options.body, 'utf8').toString('base64')
        : options.body;
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath,
    rawQueryString: options.rawQueryString ?? '',
    headers: {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': String(body === undefined ? 0 : Buffer.byteLength(options.body ?? '')),
      host: 'abc123.execute-api.ap-east-1.amazonaws.com',
      'user-agent': 'Mozilla/5.0',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    ...(options.rawQueryString
      ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.rawQueryString)) }
      : {}),
    pathParameters: { proxy: rawPath.replace(/^\/api\//, '') },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '15/Nov/2026:08:00:00 +0000',
      timeEpoch: time.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: options.base64 ?? false,
  };
}

const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'yijian-public-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:yijian-public-api',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/yijian-public-api',
  logStreamName: '2026/11/15/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} satisfies Context;

const header = (result: APIGatewayProxyStructuredResultV2, name: string) => result.headers?.[name];

describe('the public-api Lambda handler (API Gateway HTTP API v2)', () => {
  it('answers GET /api/consultations from DynamoDB', async () => {
    // Act
    const result = await handler(
      httpApiEvent('GET', '/api/consultations', { rawQueryString: 'lang=zh' }),
      context,
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-type')).toMatch(/^application\/json/);
    expect(header(result, 'cache-control')).toBe('public, max-age=15');
    expect(header(result, 'x-content-type-options')).toBe('nosniff');
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(result.body ?? '')).toEqual({
      items: [expect.objectContaining({ id: consultation.id, status: 'open', commentCount: 3 })],
    });
  });

  it.each([
    ['plain', false],
    ['base64-encoded', true],
  ])('stores a comment sent with a %s body and answers 202 with a receipt', async (_case, base64) => {
    // Act
    const result = await handler(
      httpApiEvent('POST', `/api/consultations/${consultation.id}/comments`, {
        headers: { 'content-type': 'application/json', 'idempotency-key': 'lambda-key-1' },
        body: JSON.stringify(aSubmission()),
        base64,
      }),
      context,
    );

    // Assess
    expect(result.statusCode).toBe(202);
    expect(header(result, 'content-type')).toMatch(/^application\/json/);
    expect(header(result, 'cache-control')).toBe('no-store');
    expect(JSON.parse(result.body ?? '')).toEqual({
      receipt: expect.stringMatching(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/),
      status: 'pending',
      consultationId: consultation.id,
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: expect.any(String),
    });
    // The intake transaction, then the counter's (see countComment).
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    const items = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.TableName).toBe('yijian-handler-test');
    expect(items[0]?.Put?.Item?.body).toBe(aSubmission().body);
  });

  it('answers a comment sent as text/plain with a 415 problem and writes nothing', async () => {
    // Act
    const result = await handler(
      httpApiEvent('POST', `/api/consultations/${consultation.id}/comments`, {
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(aSubmission()),
      }),
      context,
    );

    // Assess
    expect(result.statusCode).toBe(415);
    expect(header(result, 'content-type')).toBe('application/problem+json');
    expect(JSON.parse(result.body ?? '')).toMatchObject({
      type: 'https://yijian.dev/problems/unsupported-media-type',
      title: 'Unsupported media type',
      status: 415,
      detail: expect.stringContaining('text/plain'),
      instance: `/api/consultations/${consultation.id}/comments`,
    });
    expect(doc).not.toHaveReceivedCommand(TransactWriteCommand);
    // Only the client's rate counter, which counts refused requests too.
    const updated = doc.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk));
    expect(updated.every((pk) => pk.startsWith('RATE#'))).toBe(true);
  });

  it('answers 503 with Retry-After when DynamoDB fails', async () => {
    doc
      .on(TransactWriteCommand)
      .rejects(
        Object.assign(new Error('ServiceUnavailable'), { name: 'ServiceUnavailable', $fault: 'server' }),
      );

    const result = await handler(
      httpApiEvent('POST', `/api/consultations/${consultation.id}/comments`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aSubmission()),
      }),
      context,
    );

    expect(result.statusCode).toBe(503);
    expect(header(result, 'retry-after')).toBe('2');
    expect(result.body).not.toContain('ServiceUnavailable');
  });
});
