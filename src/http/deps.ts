import type { Services } from '../app/context.ts';
import type { Database } from '../db/connect.ts';

/** What the HTTP server is built from (its own file, so route plugins need not import server.ts). */
export interface ServerDeps {
  database: Database;
  timeZone: string;
  services?: Services;
  logLevel?: string;
  /** Folder of the built web UI; served at `/` when it exists. */
  webDir?: string;
  /** Login attempts allowed per IP and e-mail within `loginWindowMs`. */
  loginMax?: number;
  loginWindowMs?: number;
  /** Website lead-form submissions allowed per IP within 10 minutes. */
  leadFormMax?: number;
  /** The consent text version the website form shows (configuration; its default otherwise). */
  consentTextVersion?: string;
  /** Where the process is in its life; while `starting`, every request but /live gets 503. */
  lifecycle?: Lifecycle;
  /** Trust X-Forwarded-* from a reverse proxy: session cookies are then Secure when the client used https. */
  trustProxy?: boolean;
  /** RACKDESK_CHECK_RESPONSES: parse every JSON answer with its route's response schema; a mismatch is a 500 (tests). */
  checkResponses?: boolean;
}

/** `starting` until the first-start step is done, `stopping` once a shutdown began (readiness turns 503). */
export interface Lifecycle { state: 'starting' | 'ready' | 'stopping' }

/** What every route plugin receives. */
export type RouteDeps = Pick<ServerDeps, 'database' | 'timeZone'> & { services: Services; loginMax: number; loginWindowMs: number; lifecycle: Lifecycle };
