import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../shared/store/dynamodb/dynamodb-store.ts';
import { backoffMs, classify, DEFAULT_RETRY } from '../../../shared/store/dynamodb/failures.ts';
import { keys } from '../../../shared/store/dynamodb/keys.ts';
import { anApi, PROBLEM_JSON, postComment } from '../../support/api.ts';
import { anOpenConsultation, aSubmission } from '../../support/factories.ts';

const doc = mockClient(DynamoDBDocumentClient);
afterEach(() => doc.reset());

const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: {}, ...extra });

describe('classify', () => {
  it.each([
    [sdkError('ConditionalCheckFailedException'), 'condition-failed'],
    [
      sdkError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
      'condition-failed',
    ],
    [
      sdkError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      }),
      'retryable',
    ],
    [sdkError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ValidationError' }] }), 'bug'],
    [sdkError('TransactionConflictException'), 'retryable'],
    [sdkError('ProvisionedThroughputExceededException'), 'retryable'],
    [sdkError('ThrottlingException'), 'retryable'],
    [sdkError('RequestLimitExceeded'), 'retryable'],
    [sdkError('InternalServerError'), 'retryable'],
    [sdkError('SomethingNew', { $fault: 'server' }), 'retryable'],
    [sdkError('SomethingNew', { $metadata: { httpStatusCode: 502 } }), 'retryable'],
    [sdkError('TimeoutError'), 'retryable'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }), 'retryable'],
    [sdkError('ValidationException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }), 'bug'],
    [sdkError('ResourceNotFoundException'), 'bug'],
    [new Error('Pass options.removeUndefinedValues=true to remove undefined values'), 'bug'],
    ['not even an error', 'bug'],
  ] as const)('%#: sorts %s as %s', (error, expected) => {
    expect(classify(error)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it('waits a random time below an exponentially growing, capped bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const wait = backoffMs(DEFAULT_RETRY, attempt, () => r);
          const bound = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(bound + Number.EPSILON);
        },
      ),
    );
  });

  it('spreads clients that collided together instead of sending them back in lockstep', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(DEFAULT_RETRY, 4)));
    expect(waits.size).toBeGreaterThan(40);
  });
});

describe('a store failure through the public API', () => {
  function anApiOnDynamoDb() {
    const client = new DynamoDBClient({
      region: 'local',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const store = new DynamoDbStore(client, {
      tableName: 'yijian-test',
      commentShards: 16,
      counterShards: 8,
      retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const consultation = anOpenConsultation();
    doc
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: keys.consultation(consultation.id) })
      .resolves({ Item: { ...keys.consultation(consultation.id), ...consultation } });
    return anApi(store);
  }

  it('is a 500 without Retry-After, logged with its cause, when DynamoDB calls the request invalid', async () => {
    // Prepare
    const invalid = sdkError('ValidationException', {
      message: 'Item size has exceeded the maximum allowed size',
    });
    doc.on(TransactWriteCommand).rejects(invalid);
    const { app, logError } = anApiOnDynamoDb();

    // Act
    const response = await postComment(app, 'transit-safety-2026', aSubmission());

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.text()).not.toContain('maximum allowed size');
    expect(logError).toHaveBeenCalledWith('request failed', {
      requestId: expect.any(String),
      error: expect.objectContaining({ name: 'StoreRequestInvalidError', cause: invalid }),
    });
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('is a 503 with Retry-After once conflicts outlast the retries', async () => {
    const conflict = sdkError('TransactionCanceledException', {
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
    });
    doc.on(TransactWriteCommand).rejects(conflict);
    const { app } = anApiOnDynamoDb();

    const response = await postComment(app, 'transit-safety-2026', aSubmission());

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});
