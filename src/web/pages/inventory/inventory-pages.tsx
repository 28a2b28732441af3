import { FormActions } from '../../components/modal.tsx';
import { useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { PairBarChart, UsageBar } from '../../components/charts.tsx';
import { useToast } from '../../components/toast.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { formatDate } from '../../../domain/dates.ts';
import { paramsText, type ServiceKind } from '../../lib/quoting.ts';
import { FeasibilityRequestForm } from './feasibility-request-form.tsx';

interface Site { id: string; code: string; name: string }
interface Rack { id: string; name: string; units: number; powerAW: number; powerBW: number }
interface ElevationItem { id: string; state: string; uFrom: number; uHeight: number; face: string; assignedKind: string | null; assignedRef: string | null; holdCompanyId: string | null; device: { model: string; serial: string | null; allocation: { state: string } | null } | null }
interface Elevation { rack: Rack; power: { usedAW: number; usedBW: number; budgetAW: number; budgetBW: number }; freeUnits: number; items: ElevationItem[] }
interface PrefixUse { id: string; prefix: string; pool: string; size: string; used: string; free: string; percentUsed: number }
interface Answer { outcome: string; leadDays: number | null; validUntil: string; limits: string | null }
interface FeasRequest { id: string; companyId: string; companyName?: string; siteId: string | null; address: string | null; serviceKind: string; params: Record<string, unknown>; quantity: number; desiredOn: string | null; priority: string; status: string; createdAt: string; answer: Answer | null }
interface CapacityServer { id: string; model: string; serial: string | null; cpuCores: number | null; ramGb: number | null }

function useSites() {
  const [sites, setSites] = useState<Site[]>([]);
  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => setSites([])); }, []);
  return sites;
}

/** Racks of a site with the elevation drawing, and IP prefix utilization. */
export function InventoryPage() {
  const { t } = useI18n();
  const sites = useSites();
  const [siteId, setSiteId] = useState('');
  const [racks, setRacks] = useState<Rack[]>([]);
  const [rackId, setRackId] = useState<string | null>(null);
  const [elevation, setElevation] = useState<Elevation | null>(null);
  const [prefixes, setPrefixes] = useState<PrefixUse[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { if (!siteId && sites[0]) setSiteId(sites[0].id); }, [sites, siteId]);
  useEffect(() => {
    if (!siteId) return;
    setRackId(null);
    setElevation(null);
    Promise.all([
      api<{ items: Rack[] }>('GET', `/racks${qs({ siteId })}`),
      api<{ items: PrefixUse[] }>('GET', `/ip-prefixes/utilization${qs({ siteId })}`),
    ]).then(([r, p]) => { setRacks(r.items); setPrefixes(p.items); if (r.items[0]) setRackId(r.items[0].id); })
      .catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [siteId]);
  useEffect(() => {
    if (!rackId) return;
    api<Elevation>('GET', `/racks/${rackId}/elevation`).then(setElevation).catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rackId]);

  return (
    <section className="page">
      <div className="page-head"><h1>{t('inv.title')}</h1></div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <div className="toolbar">
        <label htmlFor="inv-site">{t('inv.site')}</label>
        <select id="inv-site" value={siteId} onChange={(e) => setSiteId(e.target.value)} data-testid="inv-site">
          <option value="">{t('inv.chooseSite')}</option>
          {sites.map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
        </select>
      </div>
      <div className="inv-grid">
        <div className="card inv-racks">
          <h2 className="section-title">{t('inv.racks')}</h2>
          {racks.length === 0 ? <div className="empty">{t('inv.noRacks')}</div> : (
            <ul className="plain-list">
              {racks.map((r) => (
                <li key={r.id}>
                  <button type="button" className={`link-button${r.id === rackId ? ' strong' : ''}`} onClick={() => setRackId(r.id)} data-testid="rack-item">
                    {r.name} · {t('inv.units', { n: r.units })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card inv-elevation">{elevation ? <RackElevation e={elevation} /> : null}</div>
      </div>
      <h2 className="section-title">{t('inv.prefixes')}</h2>
      <div className="card table-card">
        {prefixes.length === 0 ? <div className="empty">{t('inv.noPrefixes')}</div> : (
          <table className="table" data-testid="prefix-table">
            <thead><tr><th>{t('inv.prefix')}</th><th>{t('inv.pool')}</th><th>{t('inv.used')}</th><th>{t('inv.free')}</th><th>{t('inv.utilization')}</th></tr></thead>
            <tbody>
              {prefixes.map((p) => (
                <tr key={p.id}><td className="mono">{p.prefix}</td><td>{p.pool}</td><td className="mono">{p.used}</td><td className="mono">{p.free}</td><td><UsageBar percent={p.percentUsed} /> <span className="small muted">{p.percentUsed}%</span></td></tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

const STATE_COLOR: Record<string, string> = { device: '#5b6b82', assigned: '#3b82c4', held: '#e0a030', releasing: '#b05bd1' };

/** The rack drawn as a picture: U1 at the bottom, each allocation a block, power per feed as bars. */
function RackElevation({ e }: { e: Elevation }) {
  const { t } = useI18n();
  const uH = 14;
  const w = 300;
  const h = e.rack.units * uH;
  const label = (i: ElevationItem) => i.device ? `${i.device.model}${i.device.serial ? ` · ${i.device.serial}` : ''}` : `${t(`inv.legend.${i.state}`, { defaultValue: i.state })} · ${i.assignedRef ?? i.holdCompanyId ?? ''}`;
  const pct = (u: number, b: number) => (b > 0 ? Math.round((u / b) * 100) : 0);
  return (
    <div data-testid="rack-elevation">
      <h2 className="section-title">{t('inv.rack', { name: e.rack.name })}</h2>
      <svg width={w + 40} height={h + 2} role="img" aria-label={t('inv.rack', { name: e.rack.name })}>
        <rect x={30} y={0} width={w} height={h} fill="#f3f5f8" stroke="#9aa5b5" />
        {Array.from({ length: e.rack.units }, (_, k) => (
          <g key={k}>
            <line x1={30} x2={30 + w} y1={k * uH} y2={k * uH} stroke="#e1e5eb" />
            <text x={26} y={(e.rack.units - k) * uH - 3} fontSize={9} textAnchor="end" fill="#8a94a6">{k + 1}</text>
          </g>
        ))}
        {e.items.map((i) => {
          const y = (e.rack.units - (i.uFrom + i.uHeight - 1)) * uH;
          const x = 30 + (i.face === 'rear' ? w / 2 : 0);
          const width = i.face === 'both' ? w : w / 2;
          const color = i.device ? STATE_COLOR.device : STATE_COLOR[i.state] ?? '#999';
          return (
            <g key={i.id} data-testid={`rack-block-${i.state}`}>
              <rect x={x + 1} y={y + 1} width={width - 2} height={i.uHeight * uH - 2} rx={2} fill={color}
                stroke={i.device?.allocation ? STATE_COLOR[i.device.allocation.state] ?? 'none' : 'none'} strokeWidth={i.device?.allocation ? 3 : 0}
                data-testid={i.device?.allocation ? `rack-device-${i.device.allocation.state}` : undefined} />
              <text x={x + 6} y={y + Math.min(i.uHeight * uH, 28) / 2 + 4} fontSize={10} fill="#fff">{label(i).slice(0, i.face === 'both' ? 48 : 22)}</text>
            </g>
          );
        })}
      </svg>
      <div className="legend small">
        {(['device', 'assigned', 'held', 'releasing'] as const).map((k) => <span key={k}><i style={{ background: STATE_COLOR[k] }} /> {t(`inv.legend.${k}`)}</span>)}
        <span><i style={{ background: '#f3f5f8', border: '1px solid #9aa5b5' }} /> {t('inv.legend.free')}</span>
      </div>
      <p className="small" data-testid="rack-free">{t('inv.freeUnits', { n: e.freeUnits })}</p>
      <p className="small">{t('inv.powerA', { used: e.power.usedAW, budget: e.power.budgetAW })} <UsageBar percent={pct(e.power.usedAW, e.power.budgetAW)} /></p>
      <p className="small">{t('inv.powerB', { used: e.power.usedBW, budget: e.power.budgetBW })} <UsageBar percent={pct(e.power.usedBW, e.power.budgetBW)} /></p>
    </div>
  );
}


/** Managers: ask and follow "my requests". Tech: the queue with the answer form. */
export function FeasibilityPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const sites = useSites();
  const isTech = can('feasibility.answer');
  // The tech queue (open first, by priority) or the manager's own requests: sorted, filtered and paged on the server.
  const list = useList<FeasRequest>('/feasibility-requests', { sort: isTech ? 'queue' : '-createdAt', fixed: { mine: isTech ? null : 'true' } });
  const reload = list.reload;
  const [answering, setAnswering] = useState<FeasRequest | null>(null);
  const siteName = (id: string | null) => sites.find((s) => s.id === id)?.code ?? dash;
  const answerText = (a: Answer | null) => a ? t('feas.answerLine', { outcome: t(`outcome.${a.outcome}`), lead: a.leadDays ?? dash, until: formatDate(a.validUntil, lang) }) : t('feas.noAnswer');
  const columns: Column<FeasRequest>[] = [
    { key: 'created', label: t('feas.created'), sort: 'createdAt', render: (r) => <span className="nowrap">{fmtInstant(r.createdAt, lang)}</span> },
    { key: 'company', label: t('feas.company'), sort: 'company', render: (r) => r.companyName ?? r.companyId },
    { key: 'kind', label: t('feas.kind'), sort: 'kind', render: (r) => <>{t(`kind.${r.serviceKind}`)} × {r.quantity}<div className="small muted">{paramsText(r.serviceKind as ServiceKind, r.params, lang)}</div></> },
    { key: 'site', label: t('feas.site'), render: (r) => (r.siteId ? siteName(r.siteId) : r.address ?? dash) },
    { key: 'priority', label: t('feas.priority'), sort: 'priority', render: (r) => t(`prio.${r.priority}`) },
    { key: 'status', label: t('feas.status'), sort: 'status', render: (r) => t(`fstatus.${r.status}`) },
    { key: 'answer', label: t('feas.answer'), render: (r) => <span data-testid="feas-answer">{answerText(r.answer)}</span> },
    { key: 'actions', label: '', render: (r) => (isTech && r.status !== 'cancelled' && r.status !== 'closed' ? <button type="button" className="btn btn-sm" onClick={() => setAnswering(r)} data-testid="feas-answer-open">{t('feas.answerNow')}</button> : null) },
  ];

  return (
    <section className="page">
      <div className="page-head"><h1>{t('feas.title')}</h1></div>
      {can('feasibility.request') ? <FeasibilityRequestForm sites={sites} onCreated={() => { toast.success(t('feas.sent')); reload(); }} /> : null}
      <h2 className="section-title">{isTech ? t('feas.inbox') : t('feas.mine')}</h2>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="feas-q" label={t('feas.search')} testId="feas-search" />
        <span className="filter">
          <label htmlFor="feas-status" className="sr-only">{t('feas.status')}</label>
          <select id="feas-status" value={String(list.filters.status ?? '')} onChange={(e) => list.setFilter('status', e.target.value || null)} data-testid="feas-status">
            <option value="">{t('feas.anyStatus')}</option>
            {(['open', 'answered', 'cancelled', 'closed'] as const).map((s) => <option key={s} value={s}>{t(`fstatus.${s}`)}</option>)}
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} rowTestId="feas-row" testId="feas-table" empty={t('feas.empty')} caption={isTech ? t('feas.inbox') : t('feas.mine')} />
      {answering ? <AnswerForm req={answering} onDone={() => { setAnswering(null); toast.success(t('feas.answered')); reload(); }} onCancel={() => setAnswering(null)} /> : null}
    </section>
  );
}

function AnswerForm({ req, onDone, onCancel }: { req: FeasRequest; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [f, setF] = useState({ outcome: 'feasible', limits: '', leadDays: '5', validUntil: inTwoWeeks, serverId: '' });
  const [servers, setServers] = useState<CapacityServer[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!req.siteId) return;
    const p = req.params;
    api<{ servers: { items: CapacityServer[] } }>('GET', `/capacity${qs({ siteId: req.siteId, minCores: Number(p.cores) || undefined, minRamGb: Number(p.ramGb) || undefined })}`)
      .then((r) => setServers(r.servers.items)).catch(() => setServers([]));
  }, [req]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setErrors({});
    try {
      await api('POST', `/feasibility-requests/${req.id}/answers`, {
        outcome: f.outcome, limits: f.limits || null, leadDays: f.outcome === 'not_feasible' ? null : Number(f.leadDays), validUntil: f.validUntil,
        holds: f.serverId ? [{ resource: 'equipment', equipmentId: f.serverId }] : [],
      });
      onDone();
    } catch (e) {
      const fe = (e as { fieldErrors?: { path: string; message: string }[] }).fieldErrors ?? [];
      setErrors(fe.length ? Object.fromEntries(fe.map((x) => [x.path, x.message])) : { outcome: errorText(e, t) });
    }
  }
  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="answer-form">
      <h2 className="section-title">{t('feas.answer')}: {req.companyName ?? req.companyId} · {t(`kind.${req.serviceKind}`)}</h2>
      <div className="form-grid">
        <Field id="ans-outcome" label={t('feas.outcome')} error={errors.outcome}>
          <select id="ans-outcome" value={f.outcome} onChange={set('outcome')} data-testid="ans-outcome">
            {['feasible', 'conditional', 'not_feasible'].map((o) => <option key={o} value={o}>{t(`outcome.${o}`)}</option>)}
          </select>
        </Field>
        <Field id="ans-lead" label={t('feas.leadDays')} error={errors.leadDays}>
          <input id="ans-lead" type="number" min={0} value={f.leadDays} onChange={set('leadDays')} data-testid="ans-lead" />
        </Field>
        <Field id="ans-valid" label={t('feas.validUntil')} error={errors.validUntil}>
          <input id="ans-valid" type="date" value={f.validUntil} onChange={set('validUntil')} data-testid="ans-valid" />
        </Field>
        <Field id="ans-hold" label={t('feas.holdServer')} error={errors.holds}>
          <select id="ans-hold" value={f.serverId} onChange={set('serverId')} data-testid="ans-hold">
            <option value="">{t('feas.noHold')}</option>
            {servers.map((s) => <option key={s.id} value={s.id}>{`${s.model} · ${s.serial ?? s.id} · ${s.cpuCores ?? '?'}c/${s.ramGb ?? '?'}G`}</option>)}
          </select>
        </Field>
        <Field id="ans-limits" label={t('feas.limits')} error={errors.limits} wide>
          <textarea id="ans-limits" value={f.limits} onChange={set('limits')} rows={2} />
        </Field>
      </div>
      <FormActions onCancel={onCancel} testId="ans-submit" label={t('feas.answerNow')} />
    </form>
  );
}

interface ForecastRow { siteId: string | null; resource: string; weightedDemand: number; requests: number; free: number | null; shortfall: boolean }

/** Capacity dashboard: weighted demand against free capacity, per site and resource, as a chart and a table. */
export function CapacityPage() {
  const { t } = useI18n();
  const sites = useSites();
  const [rows, setRows] = useState<ForecastRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: ForecastRow[] }>('GET', '/capacity/forecast').then((r) => setRows(r.items)).catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const site = (id: string | null) => sites.find((s) => s.id === id)?.code ?? dash;
  const res = (r: string) => t(`res.${r}`, { defaultValue: r });
  const withDemand = (rows ?? []).filter((r) => r.weightedDemand > 0);
  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('cap.title')}</h1><p className="page-sub">{t('cap.hint')}</p></div></div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {rows === null ? <Spinner label={t('common.loading')} /> : rows.length === 0 ? <div className="empty">{t('cap.empty')}</div> : (
        <>
          {withDemand.length ? (
            <div className="card chart-card">
              <PairBarChart testId="forecast-chart" aLabel={t('cap.demand')} bLabel={t('cap.freeCap')} rows={withDemand.map((r) => ({ label: `${site(r.siteId)} · ${res(r.resource)}`, a: r.weightedDemand, b: r.free }))} />
            </div>
          ) : null}
          <div className="card table-card">
            <table className="table" data-testid="forecast-table">
              <thead><tr><th>{t('inv.site')}</th><th>{t('cap.resource')}</th><th>{t('cap.demand')}</th><th>{t('cap.freeCap')}</th><th /></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.siteId}-${r.resource}`}><td>{site(r.siteId)}</td><td>{res(r.resource)}</td><td className="mono">{r.weightedDemand}</td><td className="mono">{r.free ?? dash}</td><td>{r.shortfall ? <span className="status status-withdrawn">{t('cap.shortfall')}</span> : null}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
