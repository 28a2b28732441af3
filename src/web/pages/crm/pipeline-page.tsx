import { useCallback, useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useData } from '../../lib/hooks.ts';
import { DealList } from './deal-list.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type Company, type Contact, type Page } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { navigate } from '../../lib/router.ts';
import './crm.css';
import { dealSources, fmtDate, rubles, serviceKinds, stageName, type DealItem, type Reason, type Stage } from './types.ts';

const BOARD_LIMIT = 500;

export function PipelinePage({ canWrite, myId, canTeam = false }: { canWrite: boolean; myId: string; canTeam?: boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [stages, setStages] = useState<Stage[]>([]);
  const [deals, setDeals] = useState<DealItem[] | null>(null);
  const [total, setTotal] = useState(0);
  // Management leads the team: the whole team's deals by default; a manager starts with their own.
  const [mine, setMine] = useState(!canTeam);
  const [view, setView] = useState<'board' | 'list'>('board');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [losing, setLosing] = useState<DealItem | null>(null);

  const load = useCallback(() => {
    Promise.all([
      api<{ items: Stage[] }>('GET', '/crm/stages'),
      // The board holds what fits on a screen of columns; beyond that it says so and the list view pages the rest.
      api<Page<DealItem>>('GET', `/deals${qs({ ownerId: mine ? myId : null, outcome: 'board', sort: '-updatedAt', limit: BOARD_LIMIT })}`),
    ]).then(([s, d]) => { setStages(s.items.filter((x) => x.active)); setDeals(d.items); setTotal(d.total ?? d.items.length); setError(null); })
      .catch((e) => setError(errorText(e, t)));
  }, [mine, myId, t]);
  useEffect(load, [load]);

  async function move(deal: DealItem, stage: Stage) {
    if (stage.code === deal.stage || deal.outcome !== 'open') return;
    if (stage.outcome === 'lost') { setLosing(deal); return; }
    // "won" is the acceptance of a proposal of this deal, never a move: say so instead of asking the server.
    if (stage.outcome === 'won') { toast.info(t('sales.board.wonOnlyByAcceptance')); return; }
    try {
      await api('POST', `/deals/${deal.id}/stage`, { stage: stage.code });
      toast.success(t('crm.moved', { stage: stageName(stages, stage.code, lang) }));
      load();
    } catch (e) { toast.error(errorText(e, t)); }
  }
  /** Alt+→ / Alt+← on a focused card moves the deal one stage along the board. */
  function onCardKey(e: KeyboardEvent<HTMLAnchorElement>, deal: DealItem) {
    if (!canWrite || !e.altKey || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    e.preventDefault();
    const i = stages.findIndex((s) => s.code === deal.stage);
    const next = stages[i + (e.key === 'ArrowRight' ? 1 : -1)];
    if (next) void move(deal, next);
  }

  return (
    <div>
      <div className="section-head">
        <h1>{t('crm.pipeline')}</h1>
        <div className="row-gap">
          <div className="tabs-inline" role="group" aria-label={t('sales.board.view')}>
            <button type="button" className={`btn btn-sm${view === 'board' ? ' btn-primary' : ''}`} aria-pressed={view === 'board'} onClick={() => setView('board')} data-testid="view-board">{t('sales.board.board')}</button>
            <button type="button" className={`btn btn-sm${view === 'list' ? ' btn-primary' : ''}`} aria-pressed={view === 'list'} onClick={() => setView('list')} data-testid="view-list">{t('sales.board.list')}</button>
          </div>
          <label className="check"><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} data-testid="pipeline-mine" /> {t('crm.mine')}</label>
          {canWrite ? <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="lead-new">+ {t('crm.newLead')}</button> : null}
        </div>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!deals ? <Spinner label={t('common.loading')} /> : view === 'list' ? <DealList stages={stages} ownerId={mine ? myId : null} /> : (
        <>
          {deals.length < total ? <Banner kind="info" testId="board-more">{t('sales.board.more', { shown: deals.length, total })}</Banner> : null}
          <p className="muted small">{t('crm.dropHint')} {canWrite ? t('sales.board.keyHint') : ''}</p>
          <div className="board" data-testid="board">
            {stages.map((s) => {
              const items = deals.filter((d) => d.stage === s.code);
              const sum = items.reduce((acc, d) => acc + BigInt(d.expectedMonthlyRevenue || '0'), 0n);
              return (
                <section key={s.code} className={`board-col board-${s.outcome}`} data-testid={`col-${s.code}`} aria-label={lang === 'ru' ? s.nameRu : s.nameEn}
                  title={s.outcome === 'won' ? t('sales.board.wonOnlyByAcceptance') : undefined}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => { e.preventDefault(); const d = deals.find((x) => x.id === e.dataTransfer.getData('text/plain')); if (d) void move(d, s); }}>
                  <div className="board-head">
                    <span>{lang === 'ru' ? s.nameRu : s.nameEn}</span>
                    <span className="muted" data-testid="col-sum">{items.length} · {rubles(sum.toString(), lang)}</span>
                  </div>
                  {s.outcome === 'won' ? <div className="small muted" data-testid="col-won-hint">🔒 {t('sales.board.wonHint')}</div> : null}
                  {items.map((d) => (
                    <a key={d.id} href={`#/deals/${d.id}`} className="deal-card" draggable={canWrite} data-testid="deal-card" data-deal={d.id}
                      onDragStart={(e) => e.dataTransfer.setData('text/plain', d.id)} onKeyDown={(e) => onCardKey(e, d)}>
                      <span className="strong">{d.title}</span>
                      <span className="small muted">{d.companyName}{mine ? '' : ` · ${d.ownerName ?? ''}`}</span>
                      <span className="small">{rubles(d.expectedMonthlyRevenue, lang)}</span>
                      {d.nextStep ? <span className="small">→ {d.nextStep} · {fmtDate(d.nextStepDue, lang)}</span> : null}
                      {d.blockedReason ? <span className="small danger">⛔ {d.blockedReason}</span> : null}
                    </a>
                  ))}
                </section>
              );
            })}
          </div>
        </>
      )}
      {creating ? <LeadForm onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/deals/${id}`); }} /> : null}
      {losing ? <LostForm deal={losing} onClose={() => setLosing(null)} onSaved={() => { setLosing(null); load(); }} /> : null}
    </div>
  );
}

export function LostForm({ deal, onClose, onSaved }: { deal: DealItem; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => { api<{ items: Reason[] }>('GET', '/crm/refusal-reasons').then((r) => setReasons(r.items.filter((x) => x.active))).catch(() => {}); }, []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', `/deals/${deal.id}/stage`, { stage: 'lost', lostReason: reason || null, lostComment: comment || null });
      toast.success(t('crm.moved', { stage: t('crm.lostTitle') }));
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <Modal title={`${t('crm.lostTitle')}: ${deal.title}`} onClose={onClose} testId="lost-modal">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error" testId="lost-error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="lostReason" label={t('crm.lostReason')} error={errors.lostReason} required wide>
            <select id="lostReason" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="lost-reason">
              <option value="">{t('crm.choose')}</option>
              {reasons.map((r) => <option key={r.code} value={r.code}>{lang === 'ru' ? r.nameRu : r.nameEn}</option>)}
            </select>
          </Field>
          <Field id="lostComment" label={t('crm.lostComment')} error={errors.lostComment} required wide>
            <textarea id="lostComment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} data-testid="lost-comment" />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="lost-submit" />
      </form>
    </Modal>
  );
}

/** The new-lead dialog; opened from a company card, the company is already chosen. A contact can be picked at once. */
export function LeadForm({ onClose, onSaved, company }: { onClose: () => void; onSaved: (id: string) => void; company?: { id: string; name: string } }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [companies, setCompanies] = useState<Company[]>([]);
  const [v, setV] = useState({ title: '', companyId: company?.id ?? '', contactId: '', source: 'inbound_call', serviceKind: '', expectedMonthlyRevenue: '', nextStep: '', nextStepDue: '' });
  const contacts = useData(
    () => (v.companyId ? api<Page<Contact>>('GET', `/companies/${encodeURIComponent(v.companyId)}/contacts`).then((p) => p.items) : Promise.resolve([] as Contact[])),
    [v.companyId],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => {
    const h = window.setTimeout(() => {
      api<Page<Company>>('GET', `/companies${qs({ q: q.trim(), limit: 20 })}`).then((p) => setCompanies(p.items)).catch(() => {});
    }, 250);
    return () => window.clearTimeout(h);
  }, [q]);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body: Record<string, unknown> = { title: v.title, companyId: v.companyId, source: v.source, contactId: v.contactId || null };
    if (v.serviceKind) body.serviceKind = v.serviceKind;
    if (v.expectedMonthlyRevenue) body.expectedMonthlyRevenue = v.expectedMonthlyRevenue;
    if (v.nextStep || v.nextStepDue) { body.nextStep = v.nextStep; body.nextStepDue = v.nextStepDue || null; }
    try {
      const d = await api<DealItem>('POST', '/deals', body);
      onSaved(d.id);
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <Modal title={t('crm.newLead')} onClose={onClose} wide testId="lead-modal">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="title" label={t('crm.title')} error={errors.title} required wide>
            <input id="title" value={v.title} onChange={set('title')} data-testid="lead-title" />
          </Field>
          {company ? (
            <Field id="companyQ" label={t('crm.company')} error={errors.companyId} required>
              <input id="companyQ" readOnly value={company.name} data-testid="lead-company-fixed" />
            </Field>
          ) : (
            <Field id="companyQ" label={t('crm.company')} error={errors.companyId} required>
              <input id="companyQ" value={q} placeholder={t('crm.companySearch')} onChange={(e) => setQ(e.target.value)} data-testid="lead-company-q" />
              <select value={v.companyId} onChange={(e) => setV({ ...v, companyId: e.target.value, contactId: '' })} data-testid="lead-company" aria-label={t('crm.company')}>
                <option value="">{t('crm.choose')}</option>
                {companies.map((c) => <option key={c.id} value={c.id}>{c.name}{c.inn ? ` (${c.inn})` : ''}</option>)}
              </select>
            </Field>
          )}
          <Field id="lead-contact" label={t('crm.contact')} error={errors.contactId}>
            <select id="lead-contact" value={v.contactId} onChange={set('contactId')} data-testid="lead-contact">
              <option value="">{t('sales.deal.noContact')}</option>
              {(contacts.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.fullName}{c.position ? ` — ${c.position}` : ''}</option>)}
            </select>
          </Field>
          <Field id="source" label={t('crm.source')} error={errors.source} required>
            <select id="source" value={v.source} onChange={set('source')} data-testid="lead-source">
              {dealSources.map((s) => <option key={s} value={s}>{t(`crm.source.${s}`)}</option>)}
            </select>
          </Field>
          <Field id="serviceKind" label={t('crm.serviceKind')} error={errors.serviceKind}>
            <select id="serviceKind" value={v.serviceKind} onChange={set('serviceKind')}>
              <option value="">{t('crm.choose')}</option>
              {serviceKinds.map((s) => <option key={s} value={s}>{t(`crm.service.${s}`)}</option>)}
            </select>
          </Field>
          <Field id="revenue" label={t('crm.revenue')} error={errors.expectedMonthlyRevenue}>
            <input id="revenue" value={v.expectedMonthlyRevenue} onChange={set('expectedMonthlyRevenue')} inputMode="decimal" data-testid="lead-revenue" />
          </Field>
          <Field id="nextStep" label={t('crm.nextStep')} error={errors.nextStep}>
            <input id="nextStep" value={v.nextStep} onChange={set('nextStep')} />
          </Field>
          <Field id="nextStepDue" label={t('crm.nextStepDue')} error={errors.nextStepDue}>
            <input id="nextStepDue" type="date" value={v.nextStepDue} onChange={set('nextStepDue')} />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="lead-submit" label={t('crm.create')} />
      </form>
    </Modal>
  );
}
