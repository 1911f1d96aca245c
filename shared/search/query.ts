import { z } from 'zod';
import { CommentStatus, Stance } from '../comment/comment.ts';

export const MAX_QUERY_CHARS = 200;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A search as the staff route will take it (query string parsed into this shape). Filters within one field
 * are alternatives (OR); fields and query chunks combine with AND.
 */
export const SearchRequest = z
  .object({
    q: z.string().max(MAX_QUERY_CHARS).default(''),
    /** Article ids; `null` is a comment on the whole draft. */
    article: z.array(z.string().nullable()).min(1).optional(),
    stance: z.array(Stance).min(1).optional(),
    status: z.array(CommentStatus).min(1).optional(),
    /** Cluster ids; `null` is a comment in no cluster. */
    cluster: z.array(z.string().nullable()).min(1).optional(),
    /**
     * `all`: matches found by segmentation first, then those found only by the bigram fallback.
     * `words`: segmentation matches only (南京市长江大桥 is not a hit for 市长).
     */
    match: z.enum(['all', 'words']).default('all'),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(400).nullable().default(null),
  })
  .strict();
export type SearchRequest = z.input<typeof SearchRequest>;
export type ParsedSearchRequest = z.output<typeof SearchRequest>;

export type MatchKind = 'words' | 'characters';

export interface SearchHit {
  id: string;
  /** `words`: found by segmentation (or a non-Han word); `characters`: only by the bigram fallback. */
  match: MatchKind;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Matches of the query and every filter. */
  total: number;
  /** Matches of the query and every filter except status, per status: the console's tab counts. */
  counts: Record<CommentStatus, number>;
  nextCursor: string | null;
}
