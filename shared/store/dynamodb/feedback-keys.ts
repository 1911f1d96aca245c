/**
 * Keys of the drafting side's items (issue 10), beside keys.ts and staff-keys.ts. Access patterns:
 * F1. feedback counters ............ GetItem pk=STATS#<cons>#S<k>          sk=CELLS, k = 0..counterShards-1 in parallel
 *                                     (one attribute per version|article|stance|status cell: `r…` raw, `d…` cluster
 *                                     members beyond the first, `t<day>` per day); ADD after intake and decisions
 * F2. members of a cluster per cell  UpdateItem pk=STATS#<cons>#CLUSTER#<id> sk=CELLS (ADD, returns the new count)
 * F3. current responses ............ Query   pk=RESP#<cons>                sk=<C|K|A>#<comment|cluster|article id>
 * F4. one target's response ........ GetItem pk=RESP#<cons>                sk=<C|K|A>#<id>
 * F5. history of a response ........ Query   pk=RESPHIST#<cons>#<C|K|A>#<id>  sk=<at>#<version> (immutable items)
 *
 * The counters have partitions of their own, sharded by comment id, so that a campaign's intake spreads over
 * them as comments do (one item per shard holds every cell: ~2,000 attributes for 60 articles, well under the
 * 400 KB item limit). A cluster's item takes one write per member: a single form letter arriving at more than
 * ~1,000 copies a second would throttle it, and the collapsed count would then lag (it is best-effort, like
 * every counter); the next step is to count cluster members from the stream in batches.
 * Responses are written by a few drafters, never by the public, so one partition per consultation is enough.
 */
export const FEEDBACK_ENTITY = {
  counters: 'feedback-counters',
  clusterCells: 'cluster-cells',
  response: 'response',
  responseHistory: 'response-history',
} as const;

export const feedbackKeys = {
  counters: (consultationId: string, shard: number) => ({
    pk: `STATS#${consultationId}#S${shard}`,
    sk: 'CELLS',
  }),
  clusterCells: (consultationId: string, clusterId: string) => ({
    pk: `STATS#${consultationId}#CLUSTER#${clusterId}`,
    sk: 'CELLS',
  }),
  responsesPartition: (consultationId: string) => `RESP#${consultationId}`,
  response: (consultationId: string, targetKey: string) => ({
    pk: `RESP#${consultationId}`,
    sk: targetKey,
  }),
  responseHistoryPartition: (consultationId: string, targetKey: string) =>
    `RESPHIST#${consultationId}#${targetKey}`,
  responseHistory: (consultationId: string, targetKey: string, at: string, version: number) => ({
    pk: `RESPHIST#${consultationId}#${targetKey}`,
    sk: `${at}#${String(version).padStart(6, '0')}`,
  }),
} as const;

/** Attribute names inside a counters item. */
export const counterAttribute = {
  raw: (cell: string) => `r${cell}`,
  dup: (cell: string) => `d${cell}`,
  day: (day: string) => `t${day}`,
} as const;
