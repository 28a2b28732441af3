import { useI18n } from '../i18n/index.ts';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type ToastKind = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

interface ToastApi {
  success: (text: string) => void;
  error: (text: string) => void;
  info: (text: string) => void;
  /** Removes every notice (a signed-out user's notices must not greet the next one). */
  clear: () => void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (kind: ToastKind, text: string) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { id, kind, text }]);
      window.setTimeout(() => dismiss(id), kind === 'error' ? 7000 : 4000);
    },
    [dismiss],
  );
  const value = useMemo<ToastApi>(
    () => ({ success: (s) => push('success', s), error: (s) => push('error', s), info: (s) => push('info', s), clear: () => setToasts([]) }),
    [push],
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast-${x.kind}`} data-testid="toast" data-kind={x.kind} role="status">
            <span className="toast-icon" aria-hidden="true">{x.kind === 'success' ? '✓' : x.kind === 'error' ? '!' : 'i'}</span>
            <span className="toast-text">{x.text}</span>
            <button type="button" className="toast-close" onClick={() => dismiss(x.id)} aria-label={t('common.close')}>×</button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
