import { useEffect, useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Company, type Page } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { navigate } from '../../lib/router.ts';
import { fmtDate } from '../../lib/format.ts';
import { rub, statusClass, type Proposal, type ProposalRow } from '../../lib/quoting.ts';

/** Proposals list and the "new proposal" dialog. */
export function ProposalsPage({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const { data, error } = useData(() => api<{ items: ProposalRow[] }>('GET', '/proposals'), []);
  const rows = data?.items ?? null;
  const [creating, setCreating] = useState(false);
  return (
    <section className="page">
      <div className="page-head">
        <div><h1>{t('proposals.title')}</h1></div>
        {canWrite ? <button type="button" className="btn btn-primary" data-testid="proposal-new" onClick={() => setCreating(true)}>+ {t('proposals.new')}</button> : null}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!rows ? <Spinner label={t('common.loading')} /> : rows.length === 0 ? <div className="card empty">{t('proposals.empty')}</div> : (
        <div className="card table-card">
          <table className="table" data-testid="proposals-table">
            <thead><tr><th>{t('proposals.number')}</th><th>{t('proposals.client')}</th><th>{t('proposals.status')}</th><th>{t('proposals.validUntil')}</th><th className="num">{t('proposals.total')}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="proposal-row">
                  <td><a href={`#/proposals/${r.id}`} className="strong">{r.number}</a> <span className="muted small">{t('proposal.version', { version: r.version })}</span></td>
                  <td>{r.companyName}</td>
                  <td><span className={`status ${statusClass(r.status)}`}>{t(`status.${r.status}`)}</span></td>
                  <td>{fmtDate(r.validUntil, lang)}</td>
                  <td className="num">{rub(r.grossTotal, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating ? <NewProposal onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

/** The "new proposal" dialog; opened from a company (or deal) card, the client is already chosen. */
export function NewProposal({ onClose, company }: { onClose: () => void; company?: { id: string; name: string } }) {
  const { t } = useI18n();
  const today = new Date().toISOString().slice(0, 10);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Company[]>([]);
  const [companyId, setCompanyId] = useState(company?.id ?? '');
  const [serviceDate, setServiceDate] = useState(today);
  const [validUntil, setValidUntil] = useState(new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10));
  useEffect(() => {
    if (q.trim().length < 2) return;
    const h = setTimeout(() => {
      api<Page<Company>>('GET', `/companies?q=${encodeURIComponent(q.trim())}&limit=20`).then((p) => { setFound(p.items); if (p.items[0]) setCompanyId(p.items[0].id); }).catch(() => {});
    }, 250);
    return () => clearTimeout(h);
  }, [q]);
  const create = useSubmit(async () => {
    const p = await api<Proposal>('POST', '/proposals', { companyId, serviceDate, validUntil, lines: [] });
    navigate(`/proposals/${p.id}`);
  });
  return (
    <Modal title={t('proposals.new')} onClose={onClose} testId="proposal-form">
      <form onSubmit={create.onSubmit} noValidate>
        {create.banner ? <Banner kind="error">{create.banner}</Banner> : null}
        {company ? (
          <Field id="np-company" label={t('proposals.client')}><input id="np-company" readOnly value={company.name} data-testid="np-company-fixed" /></Field>
        ) : (
          <>
            <Field id="np-search" label={t('proposals.client')} hint={t('proposals.pickClient')} required>
              <input id="np-search" data-testid="np-search" value={q} onChange={(e) => setQ(e.target.value)} />
            </Field>
            <Field id="np-company" label={t('proposals.client')}>
              <select id="np-company" data-testid="np-company" value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
                {found.map((c) => <option key={c.id} value={c.id}>{c.name}{c.inn ? ` (${c.inn})` : ''}</option>)}
              </select>
            </Field>
          </>
        )}
        <div className="form-grid">
          <Field id="np-service" label={t('proposals.serviceDate')}><input id="np-service" type="date" data-testid="np-service" value={serviceDate} onChange={(e) => setServiceDate(e.target.value)} /></Field>
          <Field id="np-valid" label={t('proposals.validUntil')}><input id="np-valid" type="date" data-testid="np-valid" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} /></Field>
        </div>
        <FormActions onCancel={onClose} testId="np-create" label={t('proposals.create')} disabled={!companyId || create.busy} />
      </form>
    </Modal>
  );
}
