import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const doc = mockClient(DynamoDBDocumentClient);
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'yijian-handler-test',
    AWS_REGION: 'ap-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    LOG_LEVEL: 'INFO',
    ABUSE_KEY: 'handler-test-key-handler-test-key-0123',
    PROOF_OF_WORK: 'off',
  });
  doc.on(QueryCommand).resolves({ Items: [] });
  handler = (await import('../../../functions/public-api/handler.ts')).handler as unknown as Handler;
});

afterAll(() => {
  process.env = savedEnv;
  doc.restore();
});

const event = (apiGatewayRequestId: string): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: 'ANY /api/{proxy+}',
  rawPath: '/api/consultations',
  rawQueryString: '',
  headers: { host: 'abc123.execute-api.ap-east-1.amazonaws.com', 'x-request-id': 'forged-by-client' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
    domainPrefix: 'abc123',
    http: {
      method: 'GET',
      path: '/api/consultations',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.7',
      userAgent: 'x',
    },
    requestId: apiGatewayRequestId,
    routeKey: 'ANY /api/{proxy+}',
    stage: '$default',
    time: '15/Nov/2026:08:00:00 +0000',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
});

const context = (awsRequestId: string) =>
  ({
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'yijian-public-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:yijian-public-api',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/yijian-public-api',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }) satisfies Context;

async function invoke(apiGatewayRequestId: string, awsRequestId: string) {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const result = await handler(event(apiGatewayRequestId), context(awsRequestId));
    const lines = written
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}

describe('the public-api Lambda logs', () => {
  it('join the Lambda request id, the API Gateway request id and the correlation id sent back', async () => {
    // Act
    const { result, lines } = await invoke('APIGW-ID-1=', 'lambda-request-1');

    // Assess
    const correlationId = result.headers?.['x-request-id'];
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l.message === 'request');
    expect(line).toMatchObject({
      correlation_id: correlationId,
      requestId: correlationId,
      apiGatewayRequestId: 'APIGW-ID-1=',
      function_request_id: 'lambda-request-1',
    });
    expect(JSON.stringify(lines)).not.toContain('forged-by-client');
  });

  it('do not carry one invocation’s ids into the next', async () => {
    await invoke('APIGW-ID-1=', 'lambda-request-1');

    const { result, lines } = await invoke('APIGW-ID-2=', 'lambda-request-2');

    expect(lines.find((l) => l.message === 'request')).toMatchObject({
      correlation_id: result.headers?.['x-request-id'],
      apiGatewayRequestId: 'APIGW-ID-2=',
      function_request_id: 'lambda-request-2',
    });
  });
});
