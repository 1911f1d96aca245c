/**
 * Exactly-once intake under DynamoDB faults, on the real DynamoDB Local with faults injected around it
 * (support/faults.ts): throttling, 5xx and timeouts before the write, and writes that succeeded but whose
 * answer was lost. The API answers 503 with Retry-After while the store cannot confirm, never gives a
 * receipt for a comment it did not store, and a retry with the same Idempotency-Key yields exactly one
 * comment, counted once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local.ts';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { anApi, postComment } from '../support/api.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aSubmission } from '../support/factories.ts';
import { type Fault, serverError, throttled, timedOut, withFaults } from './support/faults.ts';

const SAMPLE = 'transit-safety-2026';
const INTAKE = 'TransactWriteItemsCommand';
// Quick retries: the behaviour, not the waiting, is under test.
const RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

let table: Awaited<ReturnType<typeof aFreshTable>>;
let faults: ReturnType<typeof withFaults>;
let app: ReturnType<typeof anApi>['app'];
let store: DynamoDbStore;
let logError: ReturnType<typeof anApi>['logError'];

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'faults-it');
  const client = localClient(inject('dynamoEndpoint'));
  faults = withFaults(client);
  store = new DynamoDbStore(client, { tableName: table.tableName, ...STORE_OPTIONS, retry: RETRY });
  await seedConsultations(store, new Date());
  ({ app, logError } = anApi(store, systemClock));
});

afterAll(async () => {
  await table.drop();
});

beforeEach(() => {
  faults.plan(() => undefined);
  logError.mockClear();
});

async function commentsWithBody(body: string) {
  return (await table.itemsOf('comment')).filter((item) => item.body === body);
}

const every = (fault: () => Error, when: Fault['when']) => (command: string) =>
  command === INTAKE ? { when, error: fault() } : undefined;

describe.each([
  ['throttling', throttled],
  ['a 5xx', serverError],
  ['a timeout', timedOut],
])('with %s on every intake write', (_name, fault) => {
  it('answers 503 with Retry-After and stores nothing; the retry with the same key stores one comment', async () => {
    const body = `故障：${_name}，写入前失败。`;
    faults.plan(every(fault, 'before'));

    const failed = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': `before-${_name.replace(/\W/g, '')}`,
    });

    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).not.toBeNull();
    expect(await commentsWithBody(body)).toHaveLength(0);

    faults.plan(() => undefined);
    const retried = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': `before-${_name.replace(/\W/g, '')}`,
    });
    expect(retried.status).toBe(202);
    expect(await commentsWithBody(body)).toHaveLength(1);
  });
});

describe('a write that succeeded but whose answer was lost', () => {
  it('is recognised on the store’s own retry: one comment, its receipt, counted once', async () => {
    const body = '故障：写入成功但应答丢失（一次）。';
    const countBefore = await store.countComments(SAMPLE);
    faults.plan((command, n) =>
      command === INTAKE && n === 1 ? { when: 'after', error: timedOut() } : undefined,
    );

    const response = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': 'lost-once',
    });

    expect(faults.injected).toEqual([{ command: INTAKE, when: 'after' }]);
    expect(response.status).toBe(202);
    const { receipt } = (await response.json()) as { receipt: string };
    const stored = await commentsWithBody(body);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.receipt).toBe(receipt);
    expect(await store.countComments(SAMPLE)).toBe(countBefore + 1);
  });

  it('answers 503 when the store cannot read it back either, and the retry returns the stored comment’s receipt, counted once', async () => {
    const body = '故障：写入成功但应答丢失，随后读取也失败。';
    const countBefore = await store.countComments(SAMPLE);
    let written = false;
    faults.plan((command) => {
      if (command === INTAKE && !written) {
        written = true;
        return { when: 'after', error: timedOut() };
      }
      // After the lost answer the table is unreachable: the store's own retry cannot find out either.
      return written ? { when: 'before', error: serverError() } : undefined;
    });

    const failed = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': 'lost-always',
    });

    expect(failed.status).toBe(503);
    // The comment is in the table though no receipt was given: the retry must find it, not add one.
    expect(await commentsWithBody(body)).toHaveLength(1);

    faults.plan(() => undefined);
    const retried = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': 'lost-always',
    });
    const again = await postComment(app, SAMPLE, aSubmission({ body }), { 'Idempotency-Key': 'lost-always' });

    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(again.status).toBe(202);
    const stored = await commentsWithBody(body);
    expect(stored).toHaveLength(1);
    expect(((await retried.json()) as { receipt: string }).receipt).toBe(stored[0]?.receipt);
    // The failed request never counted it (its counter bump was never reached); the replay did, once.
    expect(await store.countComments(SAMPLE)).toBe(countBefore + 1);
  });

  it('never counts a comment twice when the counter’s answer is lost', async () => {
    const body = '故障：计数写入成功但应答丢失。';
    const countBefore = await store.countComments(SAMPLE);
    // The second transaction of the request is the counter bump.
    faults.plan((command, n) =>
      command === INTAKE && n === 2 ? { when: 'after', error: serverError() } : undefined,
    );

    const response = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': 'count-lost',
    });

    expect(response.status).toBe(202);
    expect(faults.injected).toEqual([{ command: INTAKE, when: 'after' }]);
    expect(await store.countComments(SAMPLE)).toBe(countBefore + 1);
  });

  it('answers 503 for a stored comment whose count failed; the retry with the key counts it, once', async () => {
    const body = '故障：计数失败，重试时补上。';
    const countBefore = await store.countComments(SAMPLE);
    faults.plan((command, n) =>
      command === INTAKE && n >= 2 ? { when: 'before', error: throttled() } : undefined,
    );

    const first = await postComment(app, SAMPLE, aSubmission({ body }), {
      'Idempotency-Key': 'count-failed',
    });
    // Stored, but not yet counted: the client is asked to retry with its key, which finishes the count.
    expect(first.status).toBe(503);
    expect(await commentsWithBody(body)).toHaveLength(1);
    expect(logError).toHaveBeenCalledWith('counter update failed', expect.anything());
    expect(await store.countComments(SAMPLE)).toBe(countBefore);

    faults.plan(() => undefined);
    await postComment(app, SAMPLE, aSubmission({ body }), { 'Idempotency-Key': 'count-failed' });
    await postComment(app, SAMPLE, aSubmission({ body }), { 'Idempotency-Key': 'count-failed' });

    expect(await store.countComments(SAMPLE)).toBe(countBefore + 1);
    expect(await commentsWithBody(body)).toHaveLength(1);
  });
});
