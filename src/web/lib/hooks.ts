import { useCallback, useEffect, useRef, useState, type DependencyList, type FormEvent } from 'react';
import { useToast } from '../components/toast.tsx';
import { useI18n } from '../i18n/index.ts';
import { errorText, fieldErrorsOf } from './errors.ts';

export interface Loaded<T> {
  data: T | null;
  /** The localized reason the last load failed; shown by the page, never swallowed. */
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a page: the loader runs when a dependency changes and on `reload()`. A stale answer (the
 * dependencies changed meanwhile) is dropped, and a failure is kept as a message for the page to show.
 */
export function useData<T>(loader: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const { t } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    loader().then(
      (d) => { if (mine === seq.current) { setData(d); setError(null); setLoading(false); } },
      (e: unknown) => { if (mine === seq.current) { setError(errorText(e, t)); setLoading(false); } },
    );
    // The caller's dependencies decide when to load again; the loader itself is recreated on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export interface Submit<A extends unknown[]> {
  /** Runs the action (one at a time). */
  run: (...args: A) => Promise<void>;
  /** For `<form onSubmit={x.onSubmit}>`: prevents the browser's submit and runs the action without arguments. */
  onSubmit: (e: FormEvent) => void;
  busy: boolean;
  /** The server's message for the whole form, when it has one. */
  banner: string | null;
  /** Field errors from problem+json, by top-level field name. */
  fieldErrors: Record<string, string>;
  reset: () => void;
}

/**
 * The one way a form or button sends something: one request at a time, the server's field errors kept for the
 * inputs, its message kept as the form's banner, an optional success toast.
 */
export function useSubmit<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  opts: { success?: string; onDone?: () => void } = {},
): Submit<A> {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const run = async (...args: A) => {
    if (busy) return;
    setBusy(true);
    setBanner(null);
    setFieldErrors({});
    try {
      await action(...args);
      if (opts.success) toast.success(opts.success);
      opts.onDone?.();
    } catch (e) {
      const fields = fieldErrorsOf(e);
      setFieldErrors(fields);
      setBanner(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => { setBanner(null); setFieldErrors({}); };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(...([] as unknown as A));
  };
  return { run, onSubmit, busy, banner, fieldErrors, reset };
}
