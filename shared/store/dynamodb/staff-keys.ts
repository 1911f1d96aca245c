/**
 * Keys of the staff side's items (issue 8), beside keys.ts. Access patterns:
 * S1. session by id hash ............ GetItem pk=SESSION#<sha256(id)>   sk=SESSION (TTL expiresAt)
 * S2. sessions of a person .......... Query   pk=STAFFSESS#<sub>         (one small item per session; sign out everywhere)
 * S3. pending sign-in by state ...... GetItem pk=LOGIN#<state>           sk=LOGIN (TTL 10 min; deleted on use)
 * S4. audit of one comment .......... Query   pk=AUDIT#<cons>#<commentId|CONSULTATION>, sk=<at>#<auditId>
 * S5. audit of a consultation ....... Query   gsi1pk=AUDITLOG#<cons>#S<k>, gsi1sk=<at>#<auditId>#<subject>,
 *                                             k = 0..shards-1 in parallel, merged newest first
 * S6. contact items of a consultation Query   gsi1pk=CONTACTS#<cons>#S<k> (KEYS_ONLY use; retention recompute)
 * S7. per-status counters ........... GetItem pk=MODCOUNT#<cons>#S<k>    sk=STATUS, k = 0..counterShards-1
 *
 * Why audit is keyed per comment with a sharded consultation index, not one `AUDIT#<cons>` partition: a bulk
 * decision writes 100 audit items at once and a campaign keeps several moderators deciding in parallel; a
 * single partition (and a single GSI partition) takes about 1,000 writes/s and would throttle every decision
 * of the consultation. Per-comment partitions also let the audit item join its comment's decision transaction
 * without two decisions ever sharing an item.
 */

export const STAFF_ENTITY = {
  session: 'staff-session',
  userSession: 'staff-user-session',
  login: 'staff-login',
  audit: 'audit',
  statusCounter: 'status-counter',
} as const;

export const CONSULTATION_SUBJECT = 'CONSULTATION';

export const staffKeys = {
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  userSession: (sub: string, idHash: string) => ({ pk: `STAFFSESS#${sub}`, sk: idHash }),
  userSessions: (sub: string) => `STAFFSESS#${sub}`,
  login: (state: string) => ({ pk: `LOGIN#${state}`, sk: 'LOGIN' }),
  audit: (consultationId: string, subject: string, at: string, auditId: string) => ({
    pk: `AUDIT#${consultationId}#${subject}`,
    sk: `${at}#${auditId}`,
  }),
  auditIndex: (consultationId: string, shard: number, at: string, auditId: string, subject: string) => ({
    gsi1pk: auditLogPartition(consultationId, shard),
    gsi1sk: `${at}#${auditId}#${subject}`,
  }),
  auditLogPartition,
  contactIndex: (consultationId: string, shard: number, commentId: string) => ({
    gsi1pk: contactsPartition(consultationId, shard),
    gsi1sk: commentId,
  }),
  contactsPartition,
  statusCounter: (consultationId: string, shard: number) => ({
    pk: `MODCOUNT#${consultationId}#S${shard}`,
    sk: 'STATUS',
  }),
} as const;

function auditLogPartition(consultationId: string, shard: number): string {
  return `AUDITLOG#${consultationId}#S${shard}`;
}

function contactsPartition(consultationId: string, shard: number): string {
  return `CONTACTS#${consultationId}#S${shard}`;
}
