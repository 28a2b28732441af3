import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The one dialog: role=dialog, aria-modal, labelled by its title. Focus moves into it on open, Tab and
 * Shift+Tab stay inside (the page behind is inert for the keyboard), Escape closes, and focus returns to
 * what opened it.
 */
export function Modal(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; testId?: string }) {
  const { t } = useI18n();
  const { onClose } = props;
  const box = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const items = () => [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((el) => el.offsetParent !== null || el === document.activeElement);
    // The first field, not the close button, so typing can start at once.
    const first = items().find((el) => !el.classList.contains('icon-button')) ?? items()[0];
    (first ?? box.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { closeRef.current(); return; }
      if (e.key !== 'Tab' || !box.current) return;
      const list = items();
      if (!list.length) { e.preventDefault(); return; }
      const i = list.indexOf(document.activeElement as HTMLElement);
      if (e.shiftKey && (i <= 0)) { e.preventDefault(); list[list.length - 1]!.focus(); }
      else if (!e.shiftKey && (i === -1 || i === list.length - 1)) { e.preventDefault(); list[0]!.focus(); }
    };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); opener?.focus?.(); };
  }, []);
  const titleId = `${props.testId ?? 'modal'}-title`;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div ref={box} tabIndex={-1} className={`modal${props.wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={props.testId}>
        <div className="modal-head">
          <h2 id={titleId}>{props.title}</h2>
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
