import { z } from 'zod';

/** The bytes of a file answer (PDF, XLSX, DOCX, XML, ZIP); the OpenAPI document calls it a binary string. */
export const fileBytes = z.custom<Buffer | Uint8Array>((v) => v instanceof Uint8Array, { error: 'not file bytes' });

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xml: 'application/xml',
  zip: 'application/zip',
  bin: 'application/octet-stream',
  csv: 'text/csv',
} as const;

/** A route that answers with a file download of this kind. */
export const download = (...kinds: [keyof typeof MIME, ...(keyof typeof MIME)[]]) => ({
  description: `${kinds.map((k) => k.toUpperCase()).join(' or ')} file (Content-Disposition: attachment)`,
  content: Object.fromEntries(kinds.map((k) => [MIME[k], { schema: fileBytes }])),
});

/** JSON by default, or the same content as files (`?format=pdf|xlsx`). */
export const jsonOrFiles = (schema: z.ZodType, ...kinds: (keyof typeof MIME)[]) => ({
  description: `JSON, or ${kinds.map((k) => k.toUpperCase()).join('/')} by format`,
  content: { 'application/json': { schema }, ...Object.fromEntries(kinds.map((k) => [MIME[k], { schema: fileBytes }])) },
});

/** 204: done, nothing to say. */
export const noContent = z.null().describe('No content');

/** One page of a list (`Page<T>` of domain/lists): the rows, every matching row's count, the page and the sort. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), sort: z.string() });

/** One audit-log entry (app/audit): who did what to which entity, with the state before and after. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
