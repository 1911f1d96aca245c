import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assignCluster } from '../../shared/clustering/assign.ts';
import { fingerprint } from '../../shared/clustering/fingerprint.ts';
import { bandKeys } from '../../shared/clustering/minhash.ts';
import { CLUSTERING } from '../../shared/clustering/params.ts';
import type { Comment } from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { contentHashOf } from '../../shared/comment/submit-comment.ts';
import { clusterComment, reclusterAll } from '../../shared/moderation/cluster-assign.ts';
import { decideCluster, listClusters } from '../../shared/moderation/cluster-queue.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { DynamoClusterStore } from '../../shared/store/dynamodb/cluster-store.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, NOW } from '../support/factories.ts';

/** The clustering items on DynamoDB Local: index, assignment after intake, batch re-cluster, cluster decisions. */

let table: Awaited<ReturnType<typeof aFreshTable>>;
let clusters: DynamoClusterStore;
let staff: DynamoStaffStore;
let counter = 0;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'clusters-it');
  const options = { tableName: table.tableName, ...STORE_OPTIONS };
  clusters = new DynamoClusterStore(table.client, options);
  staff = new DynamoStaffStore(table.client, options);
});
afterAll(async () => {
  await table.drop();
});

const LETTER =
  '我是本市居民，长期乘坐地铁和公交车上下班。我支持草案第五条关于运营单位安全责任的规定，但建议明确高峰时段' +
  '站台限流的具体措施，并在车厢内增设紧急求助装置，定期公布安全检查结果。';
const letter = (n: number) =>
  `${['', '您好！', '尊敬的领导：'][n % 3]}${n % 2 === 0 ? LETTER.replace('上下班', '通勤') : LETTER}（第${n}号）`;
const DISTINCT = [
  '建议第十二条增加对网约车平台的安全监管要求，明确平台对驾驶员背景审查的责任。',
  'The fines in article 30 are too low to deter operators who ignore safety inspections.',
  '希望在公交站台设置盲道和语音报站，方便视障人士出行。',
];

async function aConsultation() {
  const consultation = anOpenConsultation({ id: `clusters-it-${++counter}` });
  expect(await table.store.createConsultation(consultation)).toBe(true);
  return consultation;
}

let tick = 0;
async function aStored(consultationId: string, body: string): Promise<Comment> {
  const at = new Date(NOW.getTime() - 3_600_000 + tick++ * 1000);
  const comment = aComment({
    id: newCommentId(at),
    consultationId,
    receipt: `R${counter}-${Math.random().toString(36).slice(2, 12)}`,
    body,
    contentHash: contentHashOf(body),
    submittedAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  const outcome = await table.store.storeComment({
    comment,
    contact: null,
    contactExpiresAt: 1_900_000_000,
    idempotency: null,
  });
  expect(outcome.kind).toBe('stored');
  await table.store.countComment(consultationId, comment.articleId, comment.id);
  return comment;
}

async function clusterIdsOf(consultationId: string): Promise<Map<string, string | undefined>> {
  const ids = new Map<string, string | undefined>();
  for await (const c of clusters.comments(consultationId)) ids.set(c.id, c.clusterId);
  return ids;
}

describe('the DynamoDB cluster index', () => {
  it('keeps content pointers first-wins, buckets capped and at most four representatives', async () => {
    // Prepare
    const { id } = await aConsultation();
    const index = await clusters.currentIndex(id);
    const print = fingerprint(LETTER);
    const keys = bandKeys(print.signature);

    // Act
    await index.addContent(print.contentHash, 'A');
    await index.addContent(print.contentHash, 'B');
    for (const cluster of ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09'])
      await index.addRepresentative({ id: cluster, signature: print.signature, bandKeys: keys });
    for (let i = 0; i < 6; i++)
      await index.addRepresentative({ id: 'C01', signature: print.signature, bandKeys: keys });

    // Assess
    expect(await index.clusterOfContent(print.contentHash)).toBe('A');
    expect(await index.clusterOfContent('no-such-hash')).toBeUndefined();
    const buckets = await index.bucketMembers(keys);
    expect(buckets).toHaveLength(CLUSTERING.bands);
    for (const bucket of buckets)
      expect(bucket).toEqual(['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08']);
    const signatures = await index.signatures(['C01', 'C09', 'C99']);
    expect(signatures.get('C01')).toHaveLength(CLUSTERING.representatives);
    expect([...(signatures.get('C01')?.[0] ?? [])]).toEqual([...print.signature]);
    expect(signatures.get('C99')).toBeUndefined();
  });

  it('puts near-identical comments in one cluster and distinct ones in clusters of their own', async () => {
    // Prepare
    const { id } = await aConsultation();
    const letters = await Promise.all(Array.from({ length: 24 }, (_, n) => aStored(id, letter(n))));
    const others = await Promise.all(DISTINCT.map((body) => aStored(id, body)));

    // Act: the first letter founds its cluster, then the rest arrive eight at a time, as the public API
    // runs them after each intake write. (Founders racing each other may split a cluster until the batch
    // job joins it; the next test covers that.)
    const all = [...letters, ...others];
    const assigned: Awaited<ReturnType<typeof clusterComment>>[] = [];
    for (let i = 0; i < all.length; i += i === 0 ? 1 : 8) {
      const batch = all.slice(i, i === 0 ? 1 : i + 8);
      assigned.push(...(await Promise.all(batch.map((c) => clusterComment(clusters, c)))));
    }

    // Assess
    const letterClusters = new Set(assigned.slice(0, letters.length).map((a) => a.clusterId));
    expect(letterClusters.size).toBe(1);
    const [letterCluster] = letterClusters;
    const otherClusters = assigned.slice(letters.length).map((a) => a.clusterId);
    expect(new Set(otherClusters).size).toBe(DISTINCT.length);
    expect(otherClusters).not.toContain(letterCluster);
    const stored = await clusterIdsOf(id);
    for (const [n, c] of letters.entries()) expect(stored.get(c.id), `letter ${n}`).toBe(letterCluster);
    const sizes = await clusters.clusterSizes(id, [letterCluster ?? '', ...otherClusters]);
    expect(sizes.get(letterCluster ?? '')).toBe(letters.length);
    for (const other of otherClusters) expect(sizes.get(other)).toBe(1);
  });

  it('leaves a burst of simultaneous copies for the batch job to join when they split', async () => {
    // Prepare
    const { id } = await aConsultation();
    const letters = await Promise.all(Array.from({ length: 30 }, (_, n) => aStored(id, letter(n))));

    // Act: all at once, the worst case for founders racing each other.
    const assigned = await Promise.all(letters.map((c) => clusterComment(clusters, c)));
    const report = await reclusterAll(clusters, id);

    // Assess: few splits at most, and none after the batch.
    expect(new Set(assigned.map((a) => a.clusterId)).size).toBeLessThanOrEqual(4);
    expect(report.clusters).toBe(1);
    expect(new Set((await clusterIdsOf(id)).values()).size).toBe(1);
    const earliest = [...letters].sort((a, b) => (a.id < b.id ? -1 : 1))[0]?.id ?? '';
    expect((await clusters.clusterSizes(id, [earliest])).get(earliest)).toBe(30);
  });

  it('counts a comment once when its assignment is repeated', async () => {
    const { id } = await aConsultation();
    const first = await aStored(id, LETTER);
    const a = await clusterComment(clusters, first);
    const b = await clusterComment(clusters, first);
    expect(b.clusterId).toBe(a.clusterId);
    expect((await clusters.clusterSizes(id, [a.clusterId])).get(a.clusterId)).toBe(1);
  });
});

describe('the batch re-cluster', () => {
  it('clusters comments that were never assigned, writes only changed ids and switches the index', async () => {
    // Prepare: 12 letters and 2 distinct comments, none clustered (as after failed assignments); then 4
    // letters already in a cluster of their own, as a race might leave them.
    const { id } = await aConsultation();
    const letters = await Promise.all(Array.from({ length: 12 }, (_, n) => aStored(id, letter(n))));
    const others = await Promise.all(DISTINCT.slice(0, 2).map((body) => aStored(id, body)));
    const earliest = [...letters].sort((a, b) => (a.id < b.id ? -1 : 1))[0]?.id ?? '';

    // Act
    const first = await reclusterAll(clusters, id);
    const again = await reclusterAll(clusters, id);

    // Assess
    expect(first).toMatchObject({ comments: 14, clusters: 3, changed: 14, generation: 1 });
    expect(again).toMatchObject({ comments: 14, clusters: 3, changed: 0, generation: 2 });
    const stored = await clusterIdsOf(id);
    for (const c of letters) expect(stored.get(c.id)).toBe(earliest);
    for (const c of others) expect(stored.get(c.id)).toBe(c.id);
    expect((await clusters.clusterSizes(id, [earliest])).get(earliest)).toBe(12);
    // Arriving comments use the new generation: an exact copy is found by its content pointer.
    const late = await aStored(id, letter(3));
    const index = await clusters.currentIndex(id);
    expect(await index.clusterOfContent(late.contentHash)).toBe(earliest);
    expect(await assignCluster(index, { id: late.id, text: late.body })).toMatchObject({
      clusterId: earliest,
      match: 'exact',
    });
  });
});

describe('cluster decisions', () => {
  const moderator: StaffPrincipal = {
    sub: 'mod',
    username: 'moderator',
    name: 'Mod',
    roles: ['moderator'],
    office: null,
  };
  const clock = { now: () => new Date(NOW.getTime() + tick++) };

  it('publishes every pending member of a cluster, beyond one page of 100, with one audit entry each', async () => {
    // Prepare: 130 letters and a distinct comment, clustered.
    const consultation = await aConsultation();
    const { id } = consultation;
    const letters: Comment[] = [];
    for (let i = 0; i < 130; i += 26)
      letters.push(...(await Promise.all(Array.from({ length: 26 }, (_, n) => aStored(id, letter(i + n))))));
    const other = await aStored(id, DISTINCT[0] ?? '');
    await reclusterAll(clusters, id);
    const deps = { store: staff, clusters, shards: STORE_OPTIONS.commentShards };
    const listed = await listClusters(deps, id, { status: 'pending', limit: 20 });
    const [top] = listed.items;

    // Act
    const result = await decideCluster(
      {
        ...deps,
        moderation: { store: staff, clock, reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
      },
      moderator,
      consultation,
      top?.clusterId ?? '',
      { action: 'publish', status: 'pending' },
      'req-cluster',
    );

    // Assess
    expect(listed).toMatchObject({ comments: 131, clusters: 2, complete: true });
    expect(top).toMatchObject({ size: 130, inQueue: 130 });
    expect(top?.representative.body).toContain('站台限流');
    expect(result).toEqual({
      clusterId: top?.clusterId,
      decided: 130,
      conflicts: 0,
      illegal: 0,
      notFound: 0,
      more: false,
    });
    for (const c of letters) {
      expect((await staff.getComment(id, c.id))?.status).toBe('published');
      const audit = await staff.commentAudit(id, c.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'publish',
        from: 'pending',
        to: 'published',
        clusterId: top?.clusterId,
        requestId: 'req-cluster',
        actor: { username: 'moderator' },
      });
    }
    expect((await staff.getComment(id, other.id))?.status).toBe('pending');
    expect(await staff.commentAudit(id, other.id)).toEqual([]);
    const after = await listClusters(deps, id, { status: 'pending', limit: 20 });
    expect(after).toMatchObject({ comments: 1, clusters: 1 });
  });
});
