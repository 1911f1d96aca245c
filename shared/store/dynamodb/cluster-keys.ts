import { keys } from './keys.ts';

/**
 * Keys of the clustering items (issue 9 §1), beside keys.ts. Access patterns:
 * K1. current index generation ..... GetItem pk=CONS#<id>#CLGEN                       sk=CLGEN
 * K2. content pointer .............. GetItem pk=CONS#<id>#G<g>#DUP#<contentHash>      sk=DUP    (put if absent)
 * K3. LSH bucket ................... BatchGetItem of 32: pk=CONS#<id>#G<g>#LSH#<band>#<bucket hex> sk=LSH
 *                                    clusterIds: string set, ADD while smaller than the bucket capacity
 * K4. representatives of a cluster . BatchGetItem pk=CONS#<id>#G<g>#CL#<clusterId>   sk=CL  signatures: list of
 *                                    binary (512 B each, at most 4), version = CLUSTERING.version
 * K5. cluster size ................. GetItem pk=CONS#<id>#C<k> sk=COUNT#CL#<clusterId>, k = 0..counterShards-1:
 *                                    the comment counters' partitions (keys.counter), one ADD per member
 * K6. cluster of a comment ......... the comment item's own `clusterId` attribute (SET after intake)
 *
 * Every index key is spread by a hash (content, bucket, cluster id), so no partition is hot even when a
 * campaign sends one letter 75,000 times a second. A re-cluster writes a fresh generation and then moves K1
 * to it, so arriving comments never see a half-built index; old generations are left for a sweep (they hold
 * one item per content and 33 per cluster, nothing personal).
 */

export const CLUSTER_ENTITY = {
  generation: 'cluster-generation',
  content: 'cluster-content',
  bucket: 'cluster-bucket',
  representatives: 'cluster-representatives',
} as const;

const prefix = (consultationId: string, generation: number) => `CONS#${consultationId}#G${generation}`;

export const clusterKeys = {
  generation: (consultationId: string) => ({ pk: `CONS#${consultationId}#CLGEN`, sk: 'CLGEN' }),
  content: (consultationId: string, generation: number, contentHash: string) => ({
    pk: `${prefix(consultationId, generation)}#DUP#${contentHash}`,
    sk: 'DUP',
  }),
  bucket: (consultationId: string, generation: number, band: number, bucket: number) => ({
    pk: `${prefix(consultationId, generation)}#LSH#${band}#${bucket.toString(16).padStart(8, '0')}`,
    sk: 'LSH',
  }),
  representatives: (consultationId: string, generation: number, clusterId: string) => ({
    pk: `${prefix(consultationId, generation)}#CL#${clusterId}`,
    sk: 'CL',
  }),
  size: (consultationId: string, clusterId: string, shard: number) =>
    keys.counter(consultationId, clusterSizeScope(clusterId), shard),
} as const;

export function clusterSizeScope(clusterId: string): string {
  return `CL#${clusterId}`;
}
