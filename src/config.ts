import { resolve } from 'node:path';
import { AppError } from './domain/errors.ts';
import { DEFAULT_TIME_ZONE } from './domain/dates.ts';

/** Everything Rackdesk reads from the environment, validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  demo: boolean;
  /** RACKDESK_DEMO was set by the operator (not the default): demo users are then loaded on any address. */
  demoExplicit: boolean;
  /** RACKDESK_DEMO_PASSWORD: the demo users' password instead of a generated one (demos, browser tests). */
  demoPassword: string | null;
  timeZone: string;
  jobs: boolean;
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null; from: string } | null;
  logLevel: string;
  /** When the end-of-day job runs (business time zone, working days). */
  eodTime: { hour: number; minute: number };
  /** The personal-data consent text version the embeddable website form shows and records. */
  consentTextVersion: string;
  trustProxy: boolean;
  /** RACKDESK_LOCK_SECONDS: how long a job's lock or a billing run's heartbeat lasts without renewal
   *  (renewed every third of it while the work runs); a dead instance's work is taken over after it. */
  lockSeconds: number;
  /** RACKDESK_CHECK_RESPONSES: answers are parsed with their declared response schemas (tests, development). */
  checkResponses: boolean;
}

/** How long a job lock or a billing run heartbeat lasts without renewal, when RACKDESK_LOCK_SECONDS is not set. */
export const DEFAULT_LOCK_SECONDS = 60;

/** The consent text version when RACKDESK_CONSENT_TEXT_VERSION is not set. */
export const DEFAULT_CONSENT_TEXT_VERSION = 'pd-2026-01';

function fail(message: string): never {
  throw new AppError('config', message);
}

const bool = (name: string, v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined || v === '') return dflt;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return fail(`${name} must be 1 or 0, got "${v}"`);
};

const int = (name: string, v: string | undefined, dflt: number, min: number, max: number): number => {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
};

const timeOfDay = (name: string, v: string | undefined, dflt: string): { hour: number; minute: number } => {
  const text = v?.trim() || dflt;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return fail(`${name} must be a time HH:MM from 00:00 to 23:59, got "${text}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
};

const consentTextVersion = (v: string | undefined): string => {
  const text = v?.trim() || DEFAULT_CONSENT_TEXT_VERSION;
  if (text.length > 100 || /[<>"]/.test(text) || [...text].some((c) => c.charCodeAt(0) < 32)) fail(`RACKDESK_CONSENT_TEXT_VERSION must be up to 100 printable characters without <, > or ", got "${text}"`);
  return text;
};

/** Reads configuration; throws AppError('config') with one clear line on the first bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) fail(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  const adminEmail = env.RACKDESK_ADMIN_EMAIL?.trim().toLowerCase() || null;
  const adminPassword = env.RACKDESK_ADMIN_PASSWORD || null;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) fail(`RACKDESK_ADMIN_EMAIL is not an e-mail address: "${adminEmail}"`);
  if (adminPassword && !adminEmail) fail('RACKDESK_ADMIN_PASSWORD is set but RACKDESK_ADMIN_EMAIL is not');
  if (adminPassword && adminPassword.length < 10) fail('RACKDESK_ADMIN_PASSWORD must be at least 10 characters');
  const demoPassword = env.RACKDESK_DEMO_PASSWORD || null;
  if (demoPassword && demoPassword.length < 10) fail('RACKDESK_DEMO_PASSWORD must be at least 10 characters');
  const timeZone = env.RACKDESK_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
  try { new Intl.DateTimeFormat('en', { timeZone }); } catch { fail(`RACKDESK_TIME_ZONE is not a known time zone: "${timeZone}"`); }
  const smtpHost = env.SMTP_HOST?.trim() || null;
  return {
    port: int('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: resolve(env.RACKDESK_DATA_DIR?.trim() || './data'),
    databaseUrl,
    adminEmail,
    adminPassword,
    demo: bool('RACKDESK_DEMO', env.RACKDESK_DEMO, true),
    demoExplicit: Boolean(env.RACKDESK_DEMO?.trim()),
    demoPassword,
    timeZone,
    jobs: bool('RACKDESK_JOBS', env.RACKDESK_JOBS, true),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int('SMTP_PORT', env.SMTP_PORT, 587, 1, 65535),
          secure: bool('SMTP_SECURE', env.SMTP_SECURE, false),
          user: env.SMTP_USER || null,
          password: env.SMTP_PASSWORD || null,
          from: env.SMTP_FROM || 'Rackdesk <rackdesk@localhost>',
        }
      : null,
    logLevel: env.LOG_LEVEL || 'info',
    eodTime: timeOfDay('RACKDESK_EOD_TIME', env.RACKDESK_EOD_TIME, '18:00'),
    consentTextVersion: consentTextVersion(env.RACKDESK_CONSENT_TEXT_VERSION),
    trustProxy: bool('RACKDESK_TRUST_PROXY', env.RACKDESK_TRUST_PROXY, false),
    lockSeconds: int('RACKDESK_LOCK_SECONDS', env.RACKDESK_LOCK_SECONDS, DEFAULT_LOCK_SECONDS, 3, 3600),
    checkResponses: bool('RACKDESK_CHECK_RESPONSES', env.RACKDESK_CHECK_RESPONSES, false),
  };
}
