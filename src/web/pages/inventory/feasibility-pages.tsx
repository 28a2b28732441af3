import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { paramsText, type ServiceKind } from '../../lib/quoting.ts';
import { formatDate } from '../../../domain/dates.ts';
import { FeasibilityRequestForm } from './feasibility-request-form.tsx';

interface Site { id: string; code: string; name: string }
interface Answer { outcome: string; leadDays: number | null; validUntil: string; limits: string | null }
interface FeasRequest {
  id: string; companyId: string; companyName?: string; requesterName?: string | null; siteId: string | null; address: string | null; serviceKind: string;
  params: Record<string, unknown>; quantity: number; desiredOn: string | null; priority: string; status: string; createdAt: string; answer: Answer | null;
}
interface Capacity {
  siteId: string | null;
  servers: { free: number; items: { id: string; model: string; serial: string | null; cpuCores: number | null; ramGb: number | null }[] };
  racks: { rackId: string; name: string; uFrom: number; uHeight: number; freePowerAW: number; freePowerBW: number }[];
  ports: { free: number; items: { id: string; name: string; speedMbps: number }[] };
  ipv4: { free: number; prefixes: { id: string; prefix: string; free: number }[] };
  vpsHosts: { id: string; name: string; freeVcpu: number; freeRamGb: number; freeDiskGb: number }[];
  uplinks: { id: string; name: string; freeMbps: number }[];
}
const FILTERS = ['open', 'answered', 'all'] as const;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v ?? '').replace(',', '.')) || 0);

/** Managers: ask and follow "my requests". Tech: the queue (open, answered or all) with the answer form. */
export function FeasibilityPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const isTech = can('feasibility.answer');
  const sites = useData(() => api<{ items: Site[] }>('GET', '/sites').then((r) => r.items), []);
  // The tech department's queue (open first, by priority) or a manager's own requests: filtered, sorted and paged on the server.
  const list = useList<FeasRequest>('/feasibility-requests', isTech ? { sort: 'queue', filters: { status: 'open' } } : { sort: '-createdAt', fixed: { mine: 'true' } });
  const [answering, setAnswering] = useState<FeasRequest | null>(null);
  const siteName = (id: string | null) => (sites.data ?? []).find((s) => s.id === id)?.code ?? dash;
  const answerText = (a: Answer | null) => (a ? t('feas.answerLine', { outcome: t(`outcome.${a.outcome}`), lead: a.leadDays ?? dash, until: formatDate(a.validUntil, lang) }) : t('feas.noAnswer'));
  const columns: Column<FeasRequest>[] = [
    { key: 'created', label: t('feas.created'), sort: 'createdAt', render: (r) => <span className="nowrap">{fmtInstant(r.createdAt, lang)}</span> },
    { key: 'company', label: t('feas.company'), sort: 'company', render: (r) => r.companyName ?? dash },
    { key: 'kind', label: t('feas.kind'), sort: 'kind', render: (r) => <>{t(`kind.${r.serviceKind}`)} × {r.quantity}<div className="small muted">{paramsText(r.serviceKind as ServiceKind, r.params, lang)}</div></> },
    { key: 'site', label: t('feas.site'), render: (r) => (r.siteId ? siteName(r.siteId) : r.address ?? dash) },
    { key: 'requester', label: t('tech.feas.requester'), render: (r) => r.requesterName ?? dash },
    { key: 'desiredOn', label: t('feas.desiredOn'), sort: 'desiredOn', render: (r) => <span className="nowrap">{r.desiredOn ? formatDate(r.desiredOn, lang) : dash}</span> },
    { key: 'priority', label: t('feas.priority'), sort: 'priority', render: (r) => t(`prio.${r.priority}`) },
    { key: 'status', label: t('feas.status'), sort: 'status', render: (r) => t(`fstatus.${r.status}`) },
    { key: 'answer', label: t('feas.answer'), render: (r) => <span data-testid="feas-answer">{answerText(r.answer)}</span> },
    { key: 'actions', label: '', render: (r) => (isTech && r.status !== 'cancelled' && r.status !== 'closed' ? <button type="button" className="btn btn-sm" onClick={() => setAnswering(r)} data-testid="feas-answer-open">{t('feas.answerNow')}</button> : null) },
  ];

  return (
    <section className="page">
      <div className="page-head"><h1>{t('feas.title')}</h1></div>
      {can('feasibility.request') ? <FeasibilityRequestForm sites={sites.data ?? []} onCreated={() => { toast.success(t('feas.sent')); list.reload(); }} /> : null}
      <div className="card-head">
        <h2 className="section-title">{isTech ? t('feas.inbox') : t('feas.mine')}</h2>
        <div className="toolbar filters">
          <SearchBox list={list as never} id="feas-q" label={t('feas.search')} testId="feas-search" />
          {isTech ? (
            <span className="filter">
              <label htmlFor="feas-filter">{t('tech.feas.show')}</label>
              <select id="feas-filter" value={String(list.filters.status ?? 'open')} onChange={(e) => list.setFilter('status', e.target.value)} data-testid="feas-filter">
                {FILTERS.map((f) => <option key={f} value={f}>{t(`tech.feas.filter.${f}`)}</option>)}
              </select>
            </span>
          ) : null}
        </div>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} testId="feas-table" rowTestId="feas-row" empty={t('feas.empty')} caption={isTech ? t('feas.inbox') : t('feas.mine')} />
      {answering ? <AnswerForm req={answering} siteName={siteName(answering.siteId)} onDone={() => { setAnswering(null); toast.success(t('feas.answered')); list.reload(); }} onCancel={() => setAnswering(null)} /> : null}
    </section>
  );
}

/**
 * The answer with what it holds: a server, rack units with their power per feed, ports, and the next free
 * addresses of a prefix — all held for the client until the answer's last valid day. Next to it: who asked,
 * for when, and what the site has free for exactly these parameters (shortfalls named).
 */
function AnswerForm({ req, siteName, onDone, onCancel }: { req: FeasRequest; siteName: string; onDone: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const p = req.params;
  const units = num(p.units) * req.quantity;
  const watts = Math.round(num(p.kw) * 1000) * req.quantity;
  const ports = num(p.ports) * req.quantity;
  const ips = num(p.ipv4) * req.quantity;
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const cap = useData(() => (req.siteId ? api<Capacity>('GET', `/capacity${qs({
    siteId: req.siteId, minCores: num(p.cores) || undefined, minRamGb: num(p.ramGb) || undefined, units: units || undefined, powerW: watts || undefined,
    portSpeedMbps: num(p.uplinkMbps) || undefined, ipv4: ips || undefined,
  })}`) : Promise.resolve(null)), [req.id]);
  const [f, setF] = useState({
    outcome: 'feasible', limits: '', leadDays: '5', validUntil: inTwoWeeks, serverId: '',
    rackId: '', uFrom: '', uHeight: units ? String(units) : '', face: 'both', power: watts ? String(watts) : '', ports: ports ? String(ports) : '0', prefixId: '', ipCount: ips ? String(ips) : '0',
  });
  const c = cap.data;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => {
    const next = { ...f, [k]: e.target.value };
    if (k === 'rackId') next.uFrom = String(c?.racks.find((r) => r.rackId === e.target.value)?.uFrom ?? '');
    setF(next);
  };
  const holds = () => {
    const out: Record<string, unknown>[] = [];
    if (f.serverId) out.push({ resource: 'equipment', equipmentId: f.serverId });
    if (f.rackId) out.push({ resource: 'rack_units', rackId: f.rackId, uFrom: Number(f.uFrom), uHeight: Number(f.uHeight || 1), face: f.face, powerAW: Number(f.power || 0), powerBW: Number(f.power || 0) });
    for (const port of (c?.ports.items ?? []).slice(0, Number(f.ports) || 0)) out.push({ resource: 'port', portId: port.id });
    return out;
  };
  const send = useSubmit(() => api('POST', `/feasibility-requests/${req.id}/answers`, {
    outcome: f.outcome, limits: f.limits || null, leadDays: f.outcome === 'not_feasible' ? null : Number(f.leadDays), validUntil: f.validUntil,
    holds: f.outcome === 'not_feasible' ? [] : holds(),
    ipHolds: f.outcome !== 'not_feasible' && f.prefixId && Number(f.ipCount) > 0 ? [{ prefixId: f.prefixId, count: Number(f.ipCount) }] : [],
  }), { onDone });
  const err = send.fieldErrors;
  const short = (have: number, need: number) => (have < need ? <span className="text-danger" data-testid="cap-short"> · {t('tech.feas.short', { n: need - have })}</span> : null);

  return (
    <form className="card form-card" onSubmit={send.onSubmit} noValidate data-testid="answer-form">
      <h2 className="section-title">{t('feas.answer')}: {req.companyName ?? req.companyId} · {t(`kind.${req.serviceKind}`)} × {req.quantity}</h2>
      <div className="card capacity-panel" data-testid="answer-context">
        <div>{t('tech.feas.requester')}: <strong>{req.requesterName ?? dash}</strong> · {t('feas.desiredOn')}: <strong>{req.desiredOn ? formatDate(req.desiredOn, lang) : dash}</strong> · {t('feas.site')}: {req.siteId ? siteName : req.address ?? dash}</div>
        <div className="small muted">{paramsText(req.serviceKind as ServiceKind, req.params, lang)}</div>
        {!req.siteId ? <div className="small">{t('tech.feas.noSite')}</div> : !c ? <Spinner label={t('common.loading')} /> : (
          <ul className="plain-list small" data-testid="answer-capacity">
            <li>{t('tech.feas.cap.servers', { n: c.servers.free })}</li>
            <li>{t('tech.feas.cap.racks', { n: c.racks.length })}{c.racks.length ? `: ${c.racks.slice(0, 3).map((r) => t('tech.feas.cap.rack', { name: r.name, u: r.uFrom, a: r.freePowerAW, b: r.freePowerBW })).join('; ')}` : ''}{units && c.racks.length === 0 ? short(0, units) : null}</li>
            <li>{t('tech.feas.cap.ports', { n: c.ports.free })}{short(c.ports.free, ports)}</li>
            <li>{t('tech.feas.cap.ipv4', { n: c.ipv4.free })}{short(c.ipv4.free, ips)}</li>
            {c.uplinks.length ? <li>{t('tech.feas.cap.uplinks', { list: c.uplinks.map((u) => `${u.name} ${u.freeMbps}`).join(', ') })}</li> : null}
          </ul>
        )}
      </div>
      {send.banner ? <Banner kind="error" testId="answer-error">{send.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="ans-outcome" label={t('feas.outcome')} error={err.outcome}>
          <select id="ans-outcome" value={f.outcome} onChange={set('outcome')} data-testid="ans-outcome">
            {['feasible', 'conditional', 'not_feasible'].map((o) => <option key={o} value={o}>{t(`outcome.${o}`)}</option>)}
          </select>
        </Field>
        <Field id="ans-lead" label={t('feas.leadDays')} error={err.leadDays}>
          <input id="ans-lead" type="number" min={0} value={f.leadDays} onChange={set('leadDays')} data-testid="ans-lead" />
        </Field>
        <Field id="ans-valid" label={t('feas.validUntil')} error={err.validUntil}>
          <input id="ans-valid" type="date" value={f.validUntil} onChange={set('validUntil')} data-testid="ans-valid" />
        </Field>
        <Field id="ans-hold" label={t('feas.holdServer')} error={err.holds}>
          <select id="ans-hold" value={f.serverId} onChange={set('serverId')} data-testid="ans-hold">
            <option value="">{t('feas.noHold')}</option>
            {(c?.servers.items ?? []).map((s) => <option key={s.id} value={s.id}>{`${s.model} · ${s.serial ?? s.id} · ${s.cpuCores ?? '?'}c/${s.ramGb ?? '?'}G`}</option>)}
          </select>
        </Field>
        <Field id="ans-rack" label={t('tech.feas.holdRack')}>
          <select id="ans-rack" value={f.rackId} onChange={set('rackId')} data-testid="ans-rack">
            <option value="">{t('feas.noHold')}</option>
            {(c?.racks ?? []).map((r) => <option key={r.rackId} value={r.rackId}>{t('tech.feas.cap.rack', { name: r.name, u: r.uFrom, a: r.freePowerAW, b: r.freePowerBW })}</option>)}
          </select>
        </Field>
        {f.rackId ? (
          <>
            <Field id="ans-ufrom" label={t('eq.uFrom')}><input id="ans-ufrom" type="number" min={1} value={f.uFrom} onChange={set('uFrom')} data-testid="ans-ufrom" /></Field>
            <Field id="ans-uheight" label={t('eq.uHeight')}><input id="ans-uheight" type="number" min={1} value={f.uHeight} onChange={set('uHeight')} data-testid="ans-uheight" /></Field>
            <Field id="ans-face" label={t('tech.col.face')}>
              <select id="ans-face" value={f.face} onChange={set('face')} data-testid="ans-face">
                {['both', 'front', 'rear'].map((x) => <option key={x} value={x}>{t(`tech.face.${x}`)}</option>)}
              </select>
            </Field>
            <Field id="ans-power" label={t('tech.feas.power')}><input id="ans-power" type="number" min={0} value={f.power} onChange={set('power')} data-testid="ans-power" /></Field>
          </>
        ) : null}
        <Field id="ans-ports" label={t('tech.feas.holdPorts', { n: c?.ports.free ?? 0 })}>
          <input id="ans-ports" type="number" min={0} max={c?.ports.items.length ?? 0} value={f.ports} onChange={set('ports')} data-testid="ans-ports" />
        </Field>
        <Field id="ans-prefix" label={t('tech.feas.holdIps')} error={err.ipHolds}>
          <select id="ans-prefix" value={f.prefixId} onChange={set('prefixId')} data-testid="ans-prefix">
            <option value="">{t('feas.noHold')}</option>
            {(c?.ipv4.prefixes ?? []).map((x) => <option key={x.id} value={x.id}>{`${x.prefix} · ${t('tech.feas.freeN', { n: x.free })}`}</option>)}
          </select>
        </Field>
        {f.prefixId ? <Field id="ans-ipcount" label={t('tech.feas.ipCount')}><input id="ans-ipcount" type="number" min={1} value={f.ipCount} onChange={set('ipCount')} data-testid="ans-ipcount" /></Field> : null}
        <Field id="ans-limits" label={t('feas.limits')} error={err.limits} wide>
          <textarea id="ans-limits" value={f.limits} onChange={set('limits')} rows={2} />
        </Field>
      </div>
      <FormActions onCancel={onCancel} busy={send.busy} testId="ans-submit" label={t('feas.answerNow')} />
    </form>
  );
}
