import { useState, type ReactNode } from 'react';
import { Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';

/** A button whose action is irreversible: it first says what will happen and asks to confirm. */
export function ConfirmButton(props: { label: string; question: ReactNode; onConfirm: () => unknown; busy?: boolean; testId?: string; className?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={props.className ?? 'btn btn-primary'} disabled={props.busy} onClick={() => setOpen(true)} data-testid={props.testId}>{props.label}</button>
      {open ? (
        <Modal title={props.label} onClose={() => setOpen(false)} testId={props.testId ? `${props.testId}-dialog` : undefined}>
          <p>{props.question}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" data-testid={props.testId ? `${props.testId}-yes` : undefined}
              onClick={() => { setOpen(false); void props.onConfirm(); }}>{props.label}</button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
