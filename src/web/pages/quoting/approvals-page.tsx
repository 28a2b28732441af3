import { useCallback, useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { fmtInstant } from '../../lib/format.ts';
import { rub } from '../../lib/quoting.ts';

interface InboxItem {
  proposalId: string; number: string; version: number; companyName: string; grossTotal: string; waitingSince: string; contentHash: string;
  belowFloor: { position: number; description: string; unitNet: string; unitFloor: string; unitCost: string; quantity: number }[];
}

/** Management's approval inbox: each pending version with its below-floor lines; approve (reason required) or return. */
export function ApprovalsPage() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const load = useCallback(() => { api<{ items: InboxItem[] }>('GET', '/approvals/inbox').then((r) => setItems(r.items)).catch((e) => setError(errorText(e, t))); }, [t]);
  useEffect(load, [load]);

  async function decide(i: InboxItem, kind: 'approve' | 'reject') {
    try {
      await api('POST', `/proposals/${encodeURIComponent(i.proposalId)}/${kind}`, kind === 'approve' ? { reason: reasons[i.proposalId] ?? '', contentHash: i.contentHash } : { reason: reasons[i.proposalId] ?? '' });
      if (kind === 'approve') toast.success(t('approvals.approved', { number: i.number }));
      load();
    } catch (e) {
      // a missing reason comes back as a field error: show its own words
      toast.error(e instanceof ApiError && e.fieldErrors[0] ? e.fieldErrors[0].message : errorText(e, t));
      load();
    }
  }

  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('approvals.title')}</h1><p className="page-sub">{t('approvals.subtitle')}</p></div></div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!items ? <Spinner label={t('common.loading')} /> : items.length === 0 ? <div className="card empty" data-testid="approvals-empty">{t('approvals.empty')}</div> : items.map((i) => (
        <div key={i.proposalId} className="card form-card" data-testid="approval-item" data-number={i.number}>
          <div className="section-head">
            <h2><a href={`#/proposals/${i.proposalId}`}>{i.number}</a> · {i.companyName} <span className="muted small">{t('proposal.version', { version: i.version })}</span></h2>
            <span className="muted small">{fmtInstant(i.waitingSince, lang)} · {rub(i.grossTotal, lang)}</span>
          </div>
          <ul>
            {i.belowFloor.map((l) => <li key={l.position} className="flag-line">{t('approvals.line', { position: l.position, description: l.description, net: rub(l.unitNet, lang), floor: rub(l.unitFloor, lang) })}</li>)}
          </ul>
          <div className="field">
            <label htmlFor={`reason-${i.proposalId}`}>{t('approvals.reason')}</label>
            <textarea id={`reason-${i.proposalId}`} data-testid="approval-reason" rows={2} value={reasons[i.proposalId] ?? ''} onChange={(e) => setReasons({ ...reasons, [i.proposalId]: e.target.value })} />
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" data-testid="approval-approve" onClick={() => void decide(i, 'approve')}>{t('approvals.approve')}</button>
            <button type="button" className="btn" data-testid="approval-reject" onClick={() => void decide(i, 'reject')}>{t('approvals.reject')}</button>
          </div>
        </div>
      ))}
    </section>
  );
}
