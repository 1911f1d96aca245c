/**
 * Every key, entity shape and access pattern of the single table, in one place.
 *
 * Access patterns and what serves them:
 * 1. consultation by id ............ GetItem  pk=CONS#<id>            sk=META
 * 2. list consultations ............ Query    gsi1pk=CONSULTATIONS    (a handful of items; never hot)
 * 3. comments of a consultation .... Query    pk=CONS#<id>#S<k>       sk begins_with CMT#, k = 0..shards-1 in parallel
 * 4. comment by receipt ............ GetItem  pk=RCPT#<receipt>       sk=RCPT -> the comment's key, then GetItem
 * 5. moderation queue by status .... Query    gsi1pk=CONS#<id>#<status>#S<k>, sorted by gsi1sk=<submittedAt>#<id>
 * 6. contact details of a comment .. GetItem  pk=CONTACT#<commentId>  sk=CONTACT (TTL expiresAt; staff only)
 * 7. idempotency record ............ GetItem  pk=IDEM#<cons>#<key>    sk=IDEM (TTL expiresAt)
 * 8. comment counters .............. GetItem  pk=CONS#<id>#C<k>        sk=COUNT#<scope>, k = 0..counterShards-1 in parallel;
 *                                     one ADD per comment on the shard of its id, after the intake write
 * 9. staff account by username .... GetItem  pk=STAFF#<username>     sk=ACCOUNT (built-in issuer only)
 * 10. issuer artefact (token, code, session, interaction, grant …)
 *                                    GetItem  pk=OIDC#<Model>#<id>    sk=OIDC (TTL expiresAt; expired ones ignored on read)
 * 11. session by uid, device code by user code
 *                                    GetItem  pk=OIDC#SessionUid#<uid> | OIDC#UserCode#<code>  sk=OIDC -> the model id
 * 12. tokens of a grant (revoke) ... Query    pk=OIDC#Grant#<grantId>  sk begins_with MEMBER#<Model>#; no GSI needed
 * 13. rate counter .................. UpdateItem pk=RATE#<scope>#<subject>#<window> sk=RATE (ADD, TTL expiresAt);
 *                                     subject is a salted client hash, or <consultation>#S<k> for a per-consultation
 *                                     ceiling spread over shards (shared/abuse/limits.ts)
 * 14. used proof-of-work challenge . PutItem  pk=POW#<signature>       sk=POW (conditional, TTL expiresAt)
 * 15. counted marker of a comment .. PutItem  pk=COUNTED#<commentId>   sk=COUNTED (conditional; makes the counter bump
 *                                     idempotent: a retried bump after a lost answer does not count twice)
 * 16. export job by id ............. GetItem  pk=EXPORT#<jobId>       sk=EXPORT (TTL expiresAt; see exportJobKey)
 *
 * Comments and counters are spread over shards because a campaign can send one consultation thousands
 * of comments a second while one partition takes about 1,000 writes/s; the moderation index is sharded
 * the same way so that `status=pending` never becomes a hot partition. Counters have partition keys of
 * their own: nothing that every comment writes shares one partition, and the intake transaction touches
 * only items of its own comment (comment, receipt pointer, idempotency record, contact: see intake.ts),
 * because real DynamoDB cancels one of two in-flight transactions that share any item.
 */
import type { AttributionReport, ReporterContact } from '../../attribution/report.ts';

export const TABLE_KEYS = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  ttl: 'expiresAt',
} as const;
export const GSI1 = 'gsi1';

export const ENTITY = {
  consultation: 'consultation',
  comment: 'comment',
  receipt: 'receipt',
  contact: 'contact',
  idempotency: 'idempotency',
  counter: 'counter',
  rateCounter: 'rate-counter',
  usedChallenge: 'used-challenge',
  counted: 'counted',
} as const;

const META = 'META';

export const keys = {
  consultation: (id: string) => ({ pk: `CONS#${id}`, sk: META }),
  consultationListing: (opensAt: string, id: string) => ({
    gsi1pk: 'CONSULTATIONS',
    gsi1sk: `${opensAt}#${id}`,
  }),
  comment: (consultationId: string, shard: number, commentId: string) => ({
    pk: commentPartition(consultationId, shard),
    sk: `CMT#${commentId}`,
  }),
  commentPartition,
  moderationIndex: (
    consultationId: string,
    status: string,
    shard: number,
    submittedAt: string,
    commentId: string,
  ) => ({
    gsi1pk: `CONS#${consultationId}#${status}#S${shard}`,
    gsi1sk: `${submittedAt}#${commentId}`,
  }),
  receipt: (receipt: string) => ({ pk: `RCPT#${receipt}`, sk: 'RCPT' }),
  contact: (commentId: string) => ({ pk: `CONTACT#${commentId}`, sk: 'CONTACT' }),
  idempotency: (consultationId: string, key: string) => ({ pk: `IDEM#${consultationId}#${key}`, sk: 'IDEM' }),
  counter: (consultationId: string, scope: string, shard: number) => ({
    pk: `CONS#${consultationId}#C${shard}`,
    sk: `COUNT#${scope}`,
  }),
  rateCounter: (scope: string, subject: string, window: number) => ({
    pk: `RATE#${scope}#${subject}#${window}`,
    sk: 'RATE',
  }),
  usedChallenge: (challengeId: string) => ({ pk: `POW#${challengeId}`, sk: 'POW' }),
  counted: (commentId: string) => ({ pk: `COUNTED#${commentId}`, sk: 'COUNTED' }),
} as const;

function commentPartition(consultationId: string, shard: number): string {
  return `CONS#${consultationId}#S${shard}`;
}

/** The shard of a comment, derived from the random part of its id so that writes spread evenly. */
export function shardOf(commentId: string, shards: number): number {
  let h = 2166136261;
  for (let i = 0; i < commentId.length; i++) h = Math.imul(h ^ commentId.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

/** Counter scope for the whole consultation. */
export const ALL_COMMENTS = 'ALL';

/** Staff accounts of the built-in issuer (functions/oidc-issuer). */
export const STAFF_ACCOUNT_ENTITY = 'staff-account' as const;
export const staffAccountKey = (username: string) => ({ pk: `STAFF#${username}`, sk: 'ACCOUNT' }) as const;

/**
 * The built-in issuer's storage (oidc-provider's adapter contract). A grant's partition holds the Grant
 * itself (sk=OIDC) and one member item per token issued under it, so revoking a grant is one Query.
 */
export const OIDC_ENTITY = 'oidc' as const;
export const oidcKeys = {
  model: (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' }),
  sessionUid: (uid: string) => ({ pk: `OIDC#SessionUid#${uid}`, sk: 'OIDC' }),
  userCode: (userCode: string) => ({ pk: `OIDC#UserCode#${userCode}`, sk: 'OIDC' }),
  grantMember: (grantId: string, model: string, id: string) => ({
    pk: `OIDC#Grant#${grantId}`,
    sk: `MEMBER#${model}#${id}`,
  }),
  grantPartition: (grantId: string) => `OIDC#Grant#${grantId}`,
  grantMemberPrefix: (model: string) => `MEMBER#${model}#`,
} as const;

/**
 * 16. export job by id (issue 10 §4) GetItem pk=EXPORT#<jobId> sk=EXPORT (TTL expiresAt). Looked up only by
 *     its id (the console keeps the ids it started), so no index; office scope is checked on the item.
 */
export const EXPORT_JOB_ENTITY = 'export-job' as const;
export const exportJobKey = (jobId: string) => ({ pk: `EXPORT#${jobId}`, sk: 'EXPORT' }) as const;

/**
 * Reports of false attribution (issue 9 §5, shared/attribution):
 * A1. report by id ..................... GetItem pk=AREPORT#<reportId>          sk=AREPORT
 * A2. report by receipt ................ GetItem pk=ARCPT#<receipt>             sk=ARCPT -> the report id, then A1
 * A3. reports of a consultation by status
 *                                        Query   gsi1pk=AREPORTS#<cons>#<status>, gsi1sk=<submittedAt>#<reportId>,
 *                                                newest first; counted with Select COUNT per status
 * A4. contact details of a reporter .... GetItem pk=CONTACT#AREPORT#<reportId>  sk=CONTACT (TTL expiresAt; staff
 *                                                only: under CONTACT#, so the public function's IAM deny covers it)
 * A5. idempotency record of a report ... GetItem pk=ARIDEM#<cons>#<key>         sk=IDEM (TTL expiresAt)
 *
 * The intake writes A1, A2, A4 and A5 in one transaction of items only this report has, as comment intake
 * does. A3 is one partition per consultation and status, not sharded: reports come one per person who
 * finds their name misused, orders of magnitude below one partition's 1,000 writes/s, and the public route
 * is limited per client like comment intake. A decision moves the report between A3 partitions, updates the
 * reported comment (name withheld, marked) and appends the audit entry in one transaction.
 */
export const ATTRIBUTION_ENTITY = {
  report: 'attribution-report',
  receipt: 'attribution-receipt',
  contact: 'reporter-contact',
  idempotency: 'attribution-idempotency',
} as const;

export const attributionKeys = {
  report: (reportId: string) => ({ pk: `AREPORT#${reportId}`, sk: 'AREPORT' }),
  reportIndex: (consultationId: string, status: string, submittedAt: string, reportId: string) => ({
    gsi1pk: reportsPartition(consultationId, status),
    gsi1sk: `${submittedAt}#${reportId}`,
  }),
  reportsPartition,
  receipt: (receipt: string) => ({ pk: `ARCPT#${receipt}`, sk: 'ARCPT' }),
  contact: (reportId: string) => ({ pk: `${keys.contact('').pk}AREPORT#${reportId}`, sk: 'CONTACT' }),
  idempotency: (consultationId: string, key: string) => ({
    pk: `ARIDEM#${consultationId}#${key}`,
    sk: 'IDEM',
  }),
} as const;

function reportsPartition(consultationId: string, status: string): string {
  return `AREPORTS#${consultationId}#${status}`;
}

/** The stored item of a report: its keys, its place in A3 and its fields (read back with AttributionReport). */
export function attributionReportItem(report: AttributionReport): Record<string, unknown> {
  return {
    ...attributionKeys.report(report.id),
    ...attributionKeys.reportIndex(report.consultationId, report.status, report.submittedAt, report.id),
    entity: ATTRIBUTION_ENTITY.report,
    ...report,
  };
}

/** The pointer from a report's receipt to the report. */
export function attributionReceiptItem(report: Pick<AttributionReport, 'id' | 'receipt'>) {
  return {
    ...attributionKeys.receipt(report.receipt),
    entity: ATTRIBUTION_ENTITY.receipt,
    reportId: report.id,
  };
}

/** A reporter's contact details, kept apart from the report, named by the consultation it concerns. */
export function reporterContactItem(
  report: Pick<AttributionReport, 'id' | 'consultationId'>,
  contact: ReporterContact,
  expiresAt: number,
) {
  return {
    ...attributionKeys.contact(report.id),
    entity: ATTRIBUTION_ENTITY.contact,
    consultationId: report.consultationId,
    ...contact,
    expiresAt,
  };
}

/** The sort key prefix of comment items (pattern 3): what the search indexer's stream filter matches. */
export const COMMENT_SK_PREFIX = 'CMT#';
const COMMENT_PARTITION = /^CONS#([^#]+)#S(\d+)$/;

/**
 * The consultation and comment a table key belongs to when it is a comment item's (pattern 3), else
 * undefined: contact, receipt, counter and every other item share the table and its stream.
 */
export function commentOfKey(
  pk: string,
  sk: string,
): { consultationId: string; commentId: string } | undefined {
  const partition = COMMENT_PARTITION.exec(pk);
  if (partition?.[1] === undefined || !sk.startsWith(COMMENT_SK_PREFIX)) return undefined;
  const commentId = sk.slice(COMMENT_SK_PREFIX.length);
  return commentId === '' ? undefined : { consultationId: partition[1], commentId };
}
