import { useState } from 'react';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { Banner, Field } from '../../components/field.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/hooks.ts';
import { navigate } from '../../lib/router.ts';
import { fmtDate } from '../../lib/format.ts';
import { rub, statusClass, type Proposal, type ProposalRow } from '../../lib/quoting.ts';

/** Proposals list (search by number, title or client; status filter; sorted and paged on the server) and the "new proposal" dialog. */
export function ProposalsPage({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const list = useList<ProposalRow>('/proposals', { sort: '-createdAt' });
  const [creating, setCreating] = useState(false);
  const columns: Column<ProposalRow>[] = [
    { key: 'number', label: t('proposals.number'), sort: 'number', render: (r) => <><a href={`#/proposals/${r.id}`} className="strong">{r.number}</a> <span className="muted small">{t('proposal.version', { version: r.version })}</span></> },
    { key: 'company', label: t('proposals.client'), sort: 'company', render: (r) => r.companyName },
    { key: 'status', label: t('proposals.status'), sort: 'status', render: (r) => <span className={`status ${statusClass(r.status)}`}>{t(`status.${r.status}`)}</span> },
    { key: 'validUntil', label: t('proposals.validUntil'), sort: 'validUntil', render: (r) => fmtDate(r.validUntil, lang) },
    { key: 'total', label: t('proposals.total'), sort: 'total', num: true, render: (r) => rub(r.grossTotal, lang) },
  ];
  return (
    <section className="page">
      <div className="page-head">
        <div><h1>{t('proposals.title')}</h1></div>
        {canWrite ? <button type="button" className="btn btn-primary" data-testid="proposal-new" onClick={() => setCreating(true)}>+ {t('proposals.new')}</button> : null}
      </div>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="proposal-q" label={t('proposals.search')} testId="proposal-search" />
        <span className="filter">
          <label htmlFor="proposal-status" className="sr-only">{t('proposals.status')}</label>
          <select id="proposal-status" value={String(list.filters.status ?? '')} onChange={(e) => list.setFilter('status', e.target.value || null)} data-testid="proposal-status">
            <option value="">{t('proposals.anyStatus')}</option>
            {PROPOSAL_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} rowTestId="proposal-row" testId="proposals-table" empty={t('proposals.empty')} caption={t('proposals.title')} />
      {creating ? <NewProposal onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

const PROPOSAL_STATUSES = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired'] as const;

/** The "new proposal" dialog; opened from a company (or deal) card, the client is already chosen. */
export function NewProposal({ onClose, company }: { onClose: () => void; company?: { id: string; name: string } }) {
  const { t } = useI18n();
  // Two weeks ahead: a start date must leave room for the tech department's lead time (today is rarely possible).
  const inTwoWeeks = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
  const [client, setClient] = useState<Picked | null>(null);
  const companyId = company?.id ?? client?.id ?? '';
  const [serviceDate, setServiceDate] = useState(inTwoWeeks);
  const [validUntil, setValidUntil] = useState(new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10));
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
          <Field id="np-company" label={t('proposals.client')} hint={t('proposals.pickClient')} required>
            <CompanyPicker id="np-company" label={t('proposals.client')} value={client} onChange={setClient} testId="np-company" />
          </Field>
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
