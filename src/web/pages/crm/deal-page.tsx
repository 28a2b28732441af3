import { DealSalesPanel } from '../sales/deal-sales-panel.tsx';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { fmtInstant } from '../../lib/format.ts';
import { LostForm } from './pipeline-page.tsx';
import { DealEditForm } from './deal-edit.tsx';
import { HistoryTab } from '../parties/history-tab.tsx';
import { OrdersPanel } from '../orders/orders-panel.tsx';
import { activityKinds, fmtDate, rubles, stageName, type DealCard, type Stage } from './types.ts';
import './crm.css';

export function DealPage({ id, canWrite, canTeam = false }: { id: string; canWrite: boolean; canTeam?: boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [card, setCard] = useState<DealCard | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const [losing, setLosing] = useState(false);
  const [panel, setPanel] = useState<'activity' | 'email' | 'task'>('activity');
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    Promise.all([api<DealCard>('GET', `/deals/${encodeURIComponent(id)}`), api<{ items: Stage[] }>('GET', '/crm/stages')])
      .then(([c, s]) => { setCard(c); setStages(s.items.filter((x) => x.active)); setError(null); })
      .catch((e) => setError(errorText(e, t)));
  }, [id, t]);
  useEffect(load, [load]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!card) return <Spinner label={t('common.loading')} />;
  const d = card.deal;
  const open = d.outcome === 'open';

  async function move() {
    const s = stages.find((x) => x.code === target);
    if (!s) return;
    if (s.outcome === 'lost') { setLosing(true); return; }
    try {
      await api('POST', `/deals/${id}/stage`, { stage: s.code });
      toast.success(t('crm.moved', { stage: stageName(stages, s.code, lang) }));
      setTarget('');
      load();
    } catch (e) { toast.error(errorText(e, t)); }
  }

  return (
    <div>
      <div className="section-head">
        <div>
          <h1 data-testid="deal-title">{d.title}</h1>
          <div className="muted"><a href={`#/companies/${card.company.id}`}>{card.company.name}</a> · <span data-testid="deal-stage">{stageName(stages, d.stage, lang)}</span></div>
        </div>
        {canWrite && open ? (
          <div className="row-gap">
            <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="deal-edit-open">✎ {t('common.edit')}</button>
            <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label={t('crm.moveTo')} data-testid="deal-move-select">
              <option value="">{t('crm.moveTo')}</option>
              {/* «Won» comes from the client's acceptance of a proposal (panel below), never from a stage move. */}
              {stages.filter((s) => s.code !== d.stage && s.outcome !== 'won').map((s) => <option key={s.code} value={s.code}>{lang === 'ru' ? s.nameRu : s.nameEn}</option>)}
            </select>
            <button type="button" className="btn btn-primary" disabled={!target} onClick={() => void move()} data-testid="deal-move">{t('crm.move')}</button>
          </div>
        ) : null}
      </div>
      <div className="crm-cols">
        <div>
          <div className="card crm-panel">
            <dl className="kv">
              <dt>{t('crm.owner')}</dt><dd>{card.ownerName}</dd>
              <dt>{t('crm.source')}</dt><dd>{t(`crm.source.${d.source}`)}</dd>
              <dt>{t('crm.serviceKind')}</dt><dd>{d.serviceKind ? t(`crm.service.${d.serviceKind}`) : '—'}</dd>
              <dt>{t('crm.revenue')}</dt><dd>{rubles(d.expectedMonthlyRevenue, lang)}</dd>
              <dt>{t('crm.probability')}</dt><dd>{d.probability}%</dd>
              <dt>{t('crm.contact')}</dt><dd data-testid="deal-contact">{card.contact ? `${card.contact.fullName} ${card.contact.emails.join(', ')}` : <span className="danger">{t('sales.deal.noContact')}</span>}</dd>
              <dt>{t('crm.nextStep')}</dt><dd data-testid="deal-next">{d.nextStep ? `${d.nextStep} · ${fmtDate(d.nextStepDue, lang)}` : '—'}</dd>
              {d.blockedReason ? <><dt>{t('crm.blocked')}</dt><dd className="danger">{d.blockedReason}</dd></> : null}
              {d.lostReason ? <><dt>{t('crm.lostReason')}</dt><dd data-testid="deal-lost">{d.lostReason}: {d.lostComment}</dd></> : null}
            </dl>
          </div>
          <DealSalesPanel dealId={d.id} canWrite={canWrite} />
          <div className="card crm-panel">
            <h3>{t('crm.timeline')}</h3>
            {card.timeline.length === 0 ? <div className="muted">{t('crm.noTimeline')}</div> : (
              <ul className="timeline" data-testid="timeline">
                {card.timeline.map((e, i) => e.type === 'stage' ? (
                  <li key={`s${i}`} className="stage" data-testid="timeline-stage">
                    <div className="small muted">{fmtInstant(e.at, lang)} · {e.actorName ?? ''}</div>
                    <div>{t('crm.stageChange', { from: stageName(stages, e.fromStage, lang), to: stageName(stages, e.toStage, lang) })}</div>
                  </li>
                ) : (
                  <li key={e.activity.id} data-testid="timeline-activity">
                    <div className="small muted">{fmtInstant(e.at, lang)} · {e.ownerName ?? ''} · {t(`crm.direction.${e.activity.direction}`)} · {t(`crm.purpose.${e.activity.purpose}`)}</div>
                    <div><span className="strong">{t(`crm.kind.${e.activity.kind}`)}</span>{e.contactName ? ` — ${e.contactName}` : ''}{e.activity.subject ? `: ${e.activity.subject}` : ''}</div>
                    {e.activity.outcome ? <div>{e.activity.outcome}</div> : null}
                    {e.activity.body && e.activity.kind === 'email' ? <div className="small muted clip">{e.activity.body}</div> : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <div>
          {canWrite ? (
            <div className="card crm-panel">
              <div className="tabs-inline">
                <button type="button" className={`btn btn-sm${panel === 'activity' ? ' btn-primary' : ''}`} onClick={() => setPanel('activity')} data-testid="tab-activity">{t('crm.logActivity')}</button>
                <button type="button" className={`btn btn-sm${panel === 'email' ? ' btn-primary' : ''}`} onClick={() => setPanel('email')} data-testid="tab-email">{t('crm.sendEmail')}</button>
                <button type="button" className={`btn btn-sm${panel === 'task' ? ' btn-primary' : ''}`} onClick={() => setPanel('task')} data-testid="tab-task">{t('crm.addTask')}</button>
              </div>
              {panel === 'activity' ? <ActivityForm card={card} onSaved={load} /> : panel === 'email' ? <EmailForm card={card} onSaved={load} /> : <TaskForm dealId={d.id} onSaved={load} />}
            </div>
          ) : null}
          <div className="card crm-panel">
            <h3>{t('crm.tasks')}</h3>
            {card.tasks.length === 0 ? <div className="muted">{t('crm.noTasks')}</div> : (
              <ul>{card.tasks.map((x) => <li key={x.id} className={x.doneAt ? 'muted' : ''}>{x.title} · {fmtDate(x.dueDate, lang)}{x.doneAt ? ' ✓' : ''}</li>)}</ul>
            )}
          </div>
        </div>
      </div>
      <div className="card crm-panel" data-testid="deal-history"><HistoryTab entityId={d.id} companyId={card.company.id} /></div>
      {editing ? <DealEditForm card={card} canTeam={canTeam} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); load(); }} /> : null}
      {losing ? <LostForm deal={d} onClose={() => setLosing(false)} onSaved={() => { setLosing(false); setTarget(''); load(); }} /> : null}
      <OrdersPanel dealId={d.id} />
    </div>
  );
}

function ActivityForm({ card, onSaved }: { card: DealCard; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const empty = { kind: 'call', direction: 'outbound', purpose: 'reply', subject: '', outcome: '', nextStep: '', nextStepDue: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body: Record<string, unknown> = { kind: v.kind, direction: v.direction, purpose: v.purpose, dealId: card.deal.id, contactId: card.contact?.id ?? null };
    if (v.subject) body.subject = v.subject;
    if (v.outcome) body.outcome = v.outcome;
    if (v.nextStep || v.nextStepDue) { body.nextStep = v.nextStep; body.nextStepDue = v.nextStepDue || null; }
    try {
      await api('POST', '/activities', body);
      toast.success(t('crm.logged'));
      setV(empty); setErrors({}); setBanner(null);
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="activity-form">
      {banner ? <Banner kind="error" testId="activity-error">{banner}</Banner> : null}
      <div className="form-grid">
        <Field id="a-kind" label={t('crm.kind')}>
          <select id="a-kind" value={v.kind} onChange={set('kind')} data-testid="activity-kind">
            {activityKinds.map((k) => <option key={k} value={k}>{t(`crm.kind.${k}`)}</option>)}
          </select>
        </Field>
        <Field id="a-direction" label={t('crm.direction')}>
          <select id="a-direction" value={v.direction} onChange={set('direction')} data-testid="activity-direction">
            <option value="outbound">{t('crm.direction.outbound')}</option>
            <option value="inbound">{t('crm.direction.inbound')}</option>
          </select>
        </Field>
        <Field id="a-purpose" label={t('crm.purpose')} wide>
          <select id="a-purpose" value={v.purpose} onChange={set('purpose')} data-testid="activity-purpose">
            <option value="reply">{t('crm.purpose.reply')}</option>
            <option value="service">{t('crm.purpose.service')}</option>
            <option value="advertising">{t('crm.purpose.advertising')}</option>
          </select>
        </Field>
        <Field id="a-subject" label={t('crm.subject')} error={errors.subject} wide>
          <input id="a-subject" value={v.subject} onChange={set('subject')} />
        </Field>
        <Field id="a-outcome" label={t('crm.outcome')} error={errors.outcome} wide>
          <textarea id="a-outcome" rows={2} value={v.outcome} onChange={set('outcome')} data-testid="activity-outcome" />
        </Field>
        <Field id="a-next" label={t('crm.nextStep')} error={errors.nextStep}>
          <input id="a-next" value={v.nextStep} onChange={set('nextStep')} data-testid="activity-next" />
        </Field>
        <Field id="a-due" label={t('crm.nextStepDue')} error={errors.nextStepDue}>
          <input id="a-due" type="date" value={v.nextStepDue} onChange={set('nextStepDue')} data-testid="activity-due" />
        </Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" data-testid="activity-submit">{t('crm.log')}</button></div>
    </form>
  );
}

function EmailForm({ card, onSaved }: { card: DealCard; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({ purpose: 'reply', subject: '', text: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', '/emails', { dealId: card.deal.id, contactId: card.contact?.id ?? null, purpose: v.purpose, subject: v.subject, text: v.text });
      toast.success(t('crm.sent'));
      setV({ purpose: 'reply', subject: '', text: '' }); setBanner(null); setErrors({});
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="email-form">
      {banner ? <Banner kind="error" testId="email-error">{banner}</Banner> : null}
      <div className="form-grid">
        <Field id="e-purpose" label={t('crm.purpose')} wide>
          <select id="e-purpose" value={v.purpose} onChange={set('purpose')} data-testid="email-purpose">
            <option value="reply">{t('crm.purpose.reply')}</option>
            <option value="service">{t('crm.purpose.service')}</option>
            <option value="advertising">{t('crm.purpose.advertising')}</option>
          </select>
        </Field>
        <Field id="e-subject" label={t('crm.subject')} error={errors.subject} required wide>
          <input id="e-subject" value={v.subject} onChange={set('subject')} data-testid="email-subject" />
        </Field>
        <Field id="e-to" label={t('sales.email.to')} error={errors.contactId ?? errors.to} wide>
          <input id="e-to" readOnly value={card.contact ? `${card.contact.fullName} <${card.contact.emails[0] ?? ''}>` : t('sales.deal.noContact')} data-testid="email-to" />
        </Field>
        <Field id="e-text" label={t('crm.emailText')} error={errors.text} required wide>
          <textarea id="e-text" rows={5} value={v.text} onChange={set('text')} data-testid="email-text" />
        </Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" data-testid="email-submit">{t('crm.send')}</button></div>
    </form>
  );
}

function TaskForm({ dealId, onSaved }: { dealId: string | null; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({ title: '', dueDate: '', remindAt: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', '/tasks', { title: v.title, dealId, dueDate: v.dueDate, remindAt: v.remindAt ? new Date(v.remindAt).toISOString() : null });
      toast.success(t('crm.addTask'));
      setV({ title: '', dueDate: '', remindAt: '' }); setErrors({});
      onSaved();
    } catch (err) { setErrors(fieldErrorsOf(err)); toast.error(errorText(err, t)); }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="task-form">
      <div className="form-grid">
        <Field id="t-title" label={t('crm.taskTitle')} error={errors.title} required wide>
          <input id="t-title" value={v.title} onChange={set('title')} data-testid="task-title" />
        </Field>
        <Field id="t-due" label={t('crm.dueDate')} error={errors.dueDate} required>
          <input id="t-due" type="date" value={v.dueDate} onChange={set('dueDate')} data-testid="task-due" />
        </Field>
        <Field id="t-remind" label={t('crm.remindAt')} error={errors.remindAt}>
          <input id="t-remind" type="datetime-local" value={v.remindAt} onChange={set('remindAt')} />
        </Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" data-testid="task-submit">{t('crm.addTask')}</button></div>
    </form>
  );
}
