/**
 * The public API over the DynamoDB adapter with DynamoDB mocked (aws-sdk-client-mock): throttling, 5xx
 * and timeouts on the intake write give 503 with Retry-After and no receipt; a counter bump whose answer
 * was lost is not repeated into a second count.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../shared/ports.ts';
import { DynamoDbStore } from '../../../shared/store/dynamodb/dynamodb-store.ts';
import { keys } from '../../../shared/store/dynamodb/keys.ts';
import { anApi, PROBLEM_JSON, postComment } from '../../support/api.ts';
import { anOpenConsultation, aSubmission } from '../../support/factories.ts';

const doc = mockClient(DynamoDBDocumentClient);
const consultation = anOpenConsultation({}, new Date());

function anApiOverDynamoDb() {
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
  return anApi(store, systemClock).app;
}

const throttling = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
const internal = () =>
  Object.assign(new Error('Internal'), { name: 'InternalServerError', $fault: 'server', $metadata: {} });
const timeout = () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError', $metadata: {} });
const conditionFailed = () =>
  Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
  });

beforeEach(() => {
  doc.reset();
  doc
    .on(GetCommand)
    .resolves({})
    .on(GetCommand, { Key: keys.consultation(consultation.id) })
    .resolves({ Item: { ...keys.consultation(consultation.id), entity: 'consultation', ...consultation } });
});

afterAll(() => {
  doc.restore();
});

describe.each([
  ['throttling', throttling],
  ['a 5xx', internal],
  ['a timeout', timeout],
])('with %s on the intake write', (_name, error) => {
  it('answers 503 with Retry-After and a problem document, and gives no receipt', async () => {
    doc.on(TransactWriteCommand).rejects(error());

    const response = await postComment(anApiOverDynamoDb(), consultation.id, aSubmission(), {
      'Idempotency-Key': 'k-1',
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(JSON.stringify(await response.json())).not.toMatch(/receipt"/);
    // Retried before giving up, and never more than the policy allows.
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});

describe('a counter bump whose answer was lost', () => {
  it('is retried, finds its marker and is not counted again', async () => {
    doc
      .on(TransactWriteCommand)
      .resolvesOnce({}) // the intake
      .rejectsOnce(timeout()) // the bump: applied, answer lost
      .rejectsOnce(conditionFailed()); // the retried bump meets its own marker

    const response = await postComment(anApiOverDynamoDb(), consultation.id, aSubmission(), {
      'Idempotency-Key': 'k-2',
    });

    expect(response.status).toBe(202);
    const bumps = doc.commandCalls(TransactWriteCommand).slice(1);
    expect(bumps).toHaveLength(2);
    for (const bump of bumps) {
      expect(bump.args[0].input.TransactItems?.[0]?.Put?.ConditionExpression).toBe(
        'attribute_not_exists(pk)',
      );
    }
  });
});
