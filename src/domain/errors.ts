/** Machine-readable error codes shared by every layer; HTTP and CLI map them to statuses and exit codes. */
export type ErrorCode =
  /** Input failed validation; `fieldErrors` names every offending field path. */
  | 'validation'
  /** No valid session or token, or wrong credentials. */
  | 'unauthenticated'
  /** The actor's role lacks the permission the use case needs. */
  | 'forbidden'
  /** The addressed entity does not exist (or is not visible to the actor). */
  | 'not_found'
  /** The request collides with existing data (duplicate ИНН, stale version, …). */
  | 'conflict'
  /** A business rule refuses the action (consent missing, state transition not allowed, …). */
  | 'rule'
  /** Too many attempts in a short time (login). */
  | 'rate_limited'
  /** An upload is too large to read (a DOCX/XLSX that unpacks beyond the limits). */
  | 'too_large'
  /** Configuration given by environment is invalid. */
  | 'config'
  /** The service cannot answer now (starting). */
  | 'unavailable'
  /** The request needs something the operator has not set up (SMTP for e-mail): a 4xx, the caller can do nothing about it. */
  | 'not_configured';

/** One invalid field: a dotted path (`contacts.0.email`) and a message key from the catalog. */
export interface FieldError {
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

/** The one error type thrown by domain and app code; `key` is a message-catalog key. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(key);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
