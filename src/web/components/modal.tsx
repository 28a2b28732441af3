import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export function Modal(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; testId?: string }) {
  const { t } = useI18n();
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className={`modal${props.wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={props.title} data-testid={props.testId}>
        <div className="modal-head">
          <h2>{props.title}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} title={t('common.close')}>×</button>
        </div>
        <div className="modal-body">{props.children}</div>
      </div>
    </div>
  );
}

/** The buttons under a form: submit (labelled "save" unless told otherwise, "saving…" while busy) and cancel. */
export function FormActions(props: { onCancel: () => void; testId?: string; label?: string; busy?: boolean; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className="btn btn-primary" disabled={props.busy || props.disabled} data-testid={props.testId}>
        {props.busy ? t('common.saving') : props.label ?? t('common.save')}
      </button>
      <button type="button" className="btn" onClick={props.onCancel}>{t('common.cancel')}</button>
    </div>
  );
}
