import { z } from 'zod';

const engine = z.enum(['pglite', 'postgres']);

/** GET /health and GET /ready: `ok`/`ready`, or `db-unavailable` with 503; the database engine. */
export const getHealth = z.object({ status: z.string(), db: engine });

/** GET /live (200) */
export const getLive = z.object({ status: z.literal('ok') });

/** GET /ready (200) */
export const getReady = getHealth;

/** GET /ready (503): still starting or stopping (no `db`), or the database is unreachable. */
export const notReady = z.object({ status: z.string(), db: engine.optional() });
