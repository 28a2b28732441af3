import { UsageBar } from '../../components/charts.tsx';
import { useI18n } from '../../i18n/index.ts';
import { dash, fmtInstant } from '../../lib/format.ts';

/** Whom an allocation is for, as the API names it. */
export interface WhomFields {
  holdCompanyId: string | null; heldUntil?: string | null; assignedKind: string | null; assignedRef: string | null;
  holdCompanyName: string | null; clientName: string | null; serviceTitle: string | null; serviceCompanyId: string | null; serviceCompanyName: string | null;
}
interface Device { id: string; kind: string; model: string; serial: string | null; owner: string; ownerName: string | null; allocation: (WhomFields & { id: string; state: string }) | null }
export interface ElevationItem extends WhomFields { id: string; state: string; uFrom: number; uHeight: number; face: 'front' | 'rear' | 'both'; powerAW: number; powerBW: number; device: Device | null }
export interface Elevation {
  rack: { id: string; name: string; units: number; powerAW: number; powerBW: number };
  power: { usedAW: number; usedBW: number; budgetAW: number; budgetBW: number }; freeUnits: number; items: ElevationItem[];
}

const COLOR: Record<string, string> = { device: '#5b6b82', assigned: '#2f6fa8', held: '#a86a00', releasing: '#8a3fb0' };

/** The company an allocation points at (held for, assigned client, or the client of the assigned service). */
export const companyOf = (w: WhomFields): string | null =>
  w.holdCompanyId ?? (w.assignedKind === 'client' ? w.assignedRef : w.assignedKind === 'service' ? w.serviceCompanyId : null);

/** «held for X until …», «service Y · X», «project Z» — the words of the rack picture and the prefix page. */
export function useWhomText() {
  const { t, lang } = useI18n();
  return (w: WhomFields, state: string): string => {
    if (state === 'held') return t('tech.whom.held', { name: w.holdCompanyName ?? w.holdCompanyId ?? dash, until: w.heldUntil ? fmtInstant(w.heldUntil, lang) : dash });
    if (w.assignedKind === 'client') return t('tech.whom.client', { name: w.clientName ?? w.assignedRef ?? dash });
    if (w.assignedKind === 'service') return t('tech.whom.service', { title: w.serviceTitle ?? w.assignedRef ?? dash, name: w.serviceCompanyName ?? dash });
    if (w.assignedKind === 'project') return t('tech.whom.project', { name: w.assignedRef ?? dash });
    return dash;
  };
}

/**
 * The rack drawn front and rear (U1 at the bottom): a full-depth device shows on both faces, a half-depth
 * one on its own. Each block has a tooltip and leads to the device card or to the company it is held or
 * assigned for; the table under the picture says the same for keyboards and screen readers, with the
 * power each device draws per feed.
 */
export function RackPicture({ e }: { e: Elevation }) {
  const { t } = useI18n();
  const whomText = useWhomText();
  const uH = 16;
  const w = 220;
  const h = e.rack.units * uH;
  const pct = (u: number, b: number) => (b > 0 ? Math.round((u / b) * 100) : 0);
  const what = (i: ElevationItem) => (i.device ? `${i.device.model}${i.device.serial ? ` · ${i.device.serial}` : ''}` : t(`inv.legend.${i.state}`, { defaultValue: i.state }));
  // A device block speaks for the device's own hold or assignment (a dedicated server held for a client).
  const whom = (i: ElevationItem) => (i.device ? (i.device.allocation ? whomText(i.device.allocation, i.device.allocation.state) : t(`tech.owner.${i.device.owner}`, { name: i.device.ownerName ?? '' })) : whomText(i, i.state));
  const stateOf = (i: ElevationItem) => i.device?.allocation?.state ?? (i.device ? 'device' : i.state);
  const href = (i: ElevationItem): string | null => {
    if (i.device) return `#/equipment/${i.device.id}`;
    const c = companyOf(i);
    return c ? `#/companies/${c}` : null;
  };
  const units = (i: ElevationItem) => (i.uHeight > 1 ? `U${i.uFrom}–${i.uFrom + i.uHeight - 1}` : `U${i.uFrom}`);
  const tip = (i: ElevationItem) => [what(i), `${units(i)} · ${t(`tech.face.${i.face}`)}`, `${t(`inv.legend.${stateOf(i)}`, { defaultValue: stateOf(i) })}: ${whom(i)}`, t('tech.powerPair', { a: i.powerAW, b: i.powerBW })].join('\n');

  const face = (side: 'front' | 'rear') => (
    <figure className="rack-face" data-testid={`rack-face-${side}`}>
      <figcaption className="small muted">{t(`tech.face.${side}`)}</figcaption>
      <svg width={w + 30} height={h + 2} role="group" aria-label={`${t('inv.rack', { name: e.rack.name })} · ${t(`tech.face.${side}`)}`}>
        <rect x={26} y={0} width={w} height={h} fill="#f3f5f8" stroke="#9aa5b5" />
        {Array.from({ length: e.rack.units }, (_, k) => (
          <g key={k}>
            <line x1={26} x2={26 + w} y1={k * uH} y2={k * uH} stroke="#e1e5eb" />
            <text x={22} y={(e.rack.units - k) * uH - 4} fontSize={9} textAnchor="end" fill="#5f6b7d">{k + 1}</text>
          </g>
        ))}
        {e.items.filter((i) => i.face === 'both' || i.face === side).map((i) => {
          const y = (e.rack.units - (i.uFrom + i.uHeight - 1)) * uH;
          const state = stateOf(i);
          const block = (
            <g data-testid={`rack-block-${i.state}`} data-state={state}>
              {/* The tooltip; a link's accessible name is its content, so it starts with the visible text. */}
              <title>{tip(i)}</title>
              <rect x={27} y={y + 1} width={w - 2} height={i.uHeight * uH - 2} rx={2} fill={i.device ? COLOR.device : COLOR[i.state] ?? '#777'}
                stroke={i.device?.allocation ? COLOR[i.device.allocation.state] ?? 'none' : 'none'} strokeWidth={i.device?.allocation ? 4 : 0}
                data-testid={i.device?.allocation ? `rack-device-${i.device.allocation.state}` : undefined} />
              <text x={32} y={y + Math.min(i.uHeight * uH, 32) / 2 + 4} fontSize={10} fill="#fff">{`${what(i)}`.slice(0, 34)}</text>
            </g>
          );
          const link = href(i);
          return link ? <a key={i.id} href={link}>{block}</a> : <g key={i.id}>{block}</g>;
        })}
      </svg>
    </figure>
  );

  return (
    <div data-testid="rack-elevation">
      <h2 className="section-title">{t('inv.rack', { name: e.rack.name })}</h2>
      <div className="rack-faces">{face('front')}{face('rear')}</div>
      <div className="legend small">
        {(['device', 'assigned', 'held', 'releasing'] as const).map((k) => <span key={k}><i style={{ background: COLOR[k] }} /> {t(`inv.legend.${k}`)}</span>)}
        <span><i style={{ background: '#f3f5f8', border: '1px solid #9aa5b5' }} /> {t('inv.legend.free')}</span>
      </div>
      <p className="small" data-testid="rack-free">{t('inv.freeUnits', { n: e.freeUnits })}</p>
      <p className="small">{t('inv.powerA', { used: e.power.usedAW, budget: e.power.budgetAW })} <UsageBar percent={pct(e.power.usedAW, e.power.budgetAW)} /></p>
      <p className="small">{t('inv.powerB', { used: e.power.usedBW, budget: e.power.budgetBW })} <UsageBar percent={pct(e.power.usedBW, e.power.budgetBW)} /></p>
      {e.items.length ? (
        <div className="table-scroll" role="region" aria-label={t('tech.rackContents')} tabIndex={0}>
          <table className="table" data-testid="rack-contents">
            <thead><tr><th>{t('tech.col.units')}</th><th>{t('tech.col.face')}</th><th>{t('tech.col.what')}</th><th>{t('tech.col.whom')}</th><th className="num">{t('tech.col.power')}</th></tr></thead>
            <tbody>
              {e.items.map((i) => {
                const link = href(i);
                return (
                  <tr key={i.id} data-testid="rack-row">
                    <td className="nowrap">{units(i)}</td><td>{t(`tech.face.${i.face}`)}</td>
                    <td>{i.device ? <a href={`#/equipment/${i.device.id}`}>{what(i)}</a> : what(i)}</td>
                    <td>{link && !i.device ? <a href={link}>{whom(i)}</a> : i.device && companyOf(i.device.allocation ?? i) ? <a href={`#/companies/${companyOf(i.device.allocation ?? i)}`}>{whom(i)}</a> : whom(i)}</td>
                    <td className="num nowrap">{t('tech.powerPair', { a: i.powerAW, b: i.powerBW })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
