import type { Company as DomainCompany, Contact as DomainContact } from '../../domain/parties/company.ts';
/** The one door to the REST API: JSON in and out, cookie auth, Accept-Language, problem+json errors. */

export interface FieldProblem {
  path: string;
  message: string;
  key?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get fieldErrors(): FieldProblem[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

let currentLanguage: () => string = () => 'ru';
let unauthenticated: () => void = () => {};

/** Wires the client to the UI: which language to ask for, and what to do when the session is gone. */
export function configureApi(opts: { language: () => string; onUnauthenticated: () => void }): void {
  currentLanguage = opts.language;
  unauthenticated = opts.onUnauthenticated;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { status: 0 });
  }
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const problem: Problem = data && typeof data === 'object' ? { ...(data as Problem), status: res.status } : { status: res.status };
    // The login form handles its own 401; elsewhere it means the session expired.
    if (res.status === 401 && !opts.quiet401) unauthenticated();
    throw new ApiError(res.status, problem);
  }
  return data as T;
}

/** Posts a file as it is: CSV as text/csv, anything else (XLSX) as bytes. */
export async function upload<T>(path: string, file: File, lang: string): Promise<T> {
  const isCsv = /\.csv$/i.test(file.name);
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST', credentials: 'same-origin', body: isCsv ? await file.text() : await file.arrayBuffer(),
    headers: { 'Content-Type': isCsv ? 'text/csv' : 'application/octet-stream', 'Accept-Language': lang, Accept: 'application/json, application/problem+json' },
  });
  const data = await res.json().catch(() => ({})) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, { ...data, status: res.status });
  return data as T;
}

export const qs = (params: Record<string, string | number | null | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** A domain type as it travels in JSON: instants become ISO strings. */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type { CompanyKind } from '../../domain/parties/company.schemas.ts';
export type Company = Wire<DomainCompany>;

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  /** Every row the filters match (paged lists). */
  total?: number;
}

export type Contact = Wire<DomainContact>;

export type Channel = 'call' | 'email' | 'sms' | 'messenger';
export type Purpose = 'pd_processing' | 'advertising';

export interface ConsentState {
  contactId: string;
  channel: Channel;
  purpose: Purpose;
  status: 'granted' | 'withdrawn';
  at: string;
  source: string | null;
  textVersion: string | null;
  recordedBy?: string | null;
  recordedByName?: string | null;
}

export interface AuditRow {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface User {
  id: string;
  email: string;
  fullName: string;
  role: string;
  locale?: 'ru' | 'en';
  active?: boolean;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface Me {
  user: User;
  permissions: string[];
}
