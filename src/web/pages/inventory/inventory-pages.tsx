import { useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { PairBarChart } from '../../components/charts.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { dash } from '../../lib/format.ts';

interface Site { id: string; code: string; name: string }

function useSites() {
  const [sites, setSites] = useState<Site[]>([]);
  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => setSites([])); }, []);
  return sites;
}

interface ForecastRow { siteId: string | null; resource: string; weightedDemand: number; requests: number; free: number; noCapacity: boolean; missing: number; shortfall: boolean }

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
              <thead><tr><th>{t('inv.site')}</th><th>{t('cap.resource')}</th><th>{t('cap.demand')}</th><th>{t('cap.freeCap')}</th><th>{t('tech.cap.shortfallCol')}</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.siteId}-${r.resource}`}><td>{site(r.siteId)}</td><td>{res(r.resource)}</td><td className="mono">{r.weightedDemand}</td><td className="mono">{r.free}</td><td data-testid={r.shortfall ? 'cap-shortfall' : undefined}>{r.shortfall ? <span className="status status-withdrawn">{t(r.noCapacity ? 'tech.cap.none' : 'cap.shortfall')} · {t('tech.cap.missing', { n: r.missing })}</span> : null}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
