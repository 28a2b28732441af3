import { z } from 'zod';

export const BikImportResult = z.object({
  importId: z.string(),
  edDate: z.string().nullable(),
  entries: z.number(),
  closed: z.number(),
  removed: z.number(),
});

export const BikEntry = z.object({
  bik: z.string(),
  name: z.string(),
  corrAccount: z.string().nullable(),
  status: z.enum(['closed', 'active']),
  closedOn: z.string().nullable(),
  city: z.string().nullable(),
});

/** GET /bik-directory (200) */
export const getBikDirectory = z.object({
  entries: z.number(),
  closed: z.number(),
  lastImport: z.object({
    id: z.string(),
    fileName: z.string().nullable(),
    edDate: z.string().nullable(),
    importedBy: z.string().nullable(),
    importedAt: z.date(),
  }).nullable(),
});

/** POST /bik-directory/import (200) */
export const postBikDirectoryImport = BikImportResult;

/** GET /bik-directory/:bik (200) */
export const getBikDirectoryBik = z.union([z.object({ state: z.literal('known'), entry: BikEntry }), z.object({
  state: z.literal('closed'),
  entry: BikEntry,
}), z.object({ state: z.literal('unknown') }), z.object({ state: z.literal('noDirectory') })]);
