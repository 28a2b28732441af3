import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Modal } from './modal.tsx';
import './confirm.css';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in the user's words ("the client receives the PDF by e-mail; the version can no longer change"). */
  text: ReactNode;
  /** The button that does it (its verb: "Send"), never a bare "OK". */
  confirmLabel: string;
  danger?: boolean;
}

/**
 * One confirmation dialog for every irreversible action: `await confirm({...})` resolves true when the
 * person pressed the action's button, false when they cancelled (button, Esc or backdrop). Render `dialog`.
 */
type Answer = Promise<boolean>;

export function useConfirm(): { confirm: (r: ConfirmRequest) => Answer; dialog: ReactNode } {
  const { t } = useI18n();
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const confirm = useCallback((r: ConfirmRequest): Answer => {
    resolver.current?.(false);
    const answer: Answer = new Promise((resolve) => { resolver.current = resolve; });
    setReq(r);
    return answer;
  }, []);
  const close = useCallback((ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setReq(null);
  }, []);
  const dialog = req ? (
    <Modal title={req.title} onClose={() => close(false)} testId="confirm-dialog">
      <div className="confirm-text" data-testid="confirm-text">{req.text}</div>
      <div className="form-actions">
        <button type="button" className={`btn ${req.danger ? 'btn-danger' : 'btn-primary'}`} onClick={() => close(true)} data-testid="confirm-yes" autoFocus>
          {req.confirmLabel}
        </button>
        <button type="button" className="btn" onClick={() => close(false)} data-testid="confirm-no">{t('common.cancel')}</button>
      </div>
    </Modal>
  ) : null;
  return { confirm, dialog };
}
