import { z } from 'zod';
import { numberInput } from '../input-schemas.ts';

/**
 * The query every growing list accepts: free-text `q`, `sort` (a column name the list allows, `-name` for
 * descending), and a page (`limit`, `offset`). Each list adds its own filters with `listQuery({...})`.
 */
export const ListQueryShape = {
  q: z.string().max(200).optional(),
  sort: z.string().max(60).regex(/^-?[a-zA-Z]+$/, 'v.invalid').optional(),
  limit: numberInput(z.number().int().min(1).max(500)).optional(),
  offset: numberInput(z.number().int().min(0).max(10_000_000)).optional(),
};

export const listQuery = <T extends z.ZodRawShape>(filters: T) => z.object({ ...ListQueryShape, ...filters }).strict();

export type ListQuery = { q?: string; sort?: string; limit?: number; offset?: number };

/** One page of a list; `total` counts every row the filters match, so the UI can page to the end. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** The sort applied (`number`, `-issueDate`). */
  sort: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Parses `-issueDate` into the column key and the direction. */
export const parseSort = (s: string): { key: string; desc: boolean } => (s.startsWith('-') ? { key: s.slice(1), desc: true } : { key: s, desc: false });

/** A LIKE pattern matching `term` anywhere, with %, _ and \ taken literally. */
export const containsPattern = (term: string): string => `%${term.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
