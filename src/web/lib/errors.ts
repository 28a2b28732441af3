import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';

/** One line for a toast or banner: the server's localized detail when there is one. */
export function errorText(e: unknown, t: TFunction<'ui'>): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    return e.problem.detail ?? e.problem.title ?? t('error.http', { status: e.status });
  }
  return t('error.unexpected');
}

/** Server field errors by top-level field (`phones.1` → `phones`), first message wins. */
export function fieldErrorsOf(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) {
    for (const fe of e.fieldErrors) {
      const field = (fe.path ?? '').split('.')[0] ?? '';
      if (field && !(field in out)) out[field] = fe.message || fe.key || '';
    }
  }
  return out;
}

/**
 * The problems of a refused file import, one line each: the server already says where («Строка 3, столбец
 * «billing»: …»), so a line's message is shown as it is; another field keeps its path in front.
 */
export function importProblems(e: unknown): string[] {
  if (!(e instanceof ApiError)) return [];
  return e.fieldErrors.map((f) => (/^line \d+/.test(f.path) ? f.message : `${f.path}: ${f.message}`));
}
