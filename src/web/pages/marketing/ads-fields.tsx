import { useI18n } from '../../i18n/index.ts';
import { checkAd, countersOf, type AdText, type GoogleAdText, type Network, type YandexAdText } from '../../../domain/marketing/ads-limits.ts';

/** An empty set of fields of a network. */
export const emptyFields = (network: Network): AdText => (network === 'google' ? { headlines: ['', '', ''], descriptions: ['', ''], path1: '', path2: '' } : { title: '', title2: '', text: '' });

/** "42/56" and, for Yandex, the narrow-character count "3/15": red when over, like the networks' own editors. */
function Counter({ network, fields, path }: { network: Network; fields: AdText; path: string }) {
  const { t } = useI18n();
  const c = countersOf(network, fields).find((x) => x.path === path);
  if (!c) return null;
  return (
    <span className={`small${c.over ? ' text-danger' : ' muted'}`} data-testid={`counter-${path}`}>
      {c.used}/{c.max}{c.narrowMax !== undefined ? ` · ${t('ads.counter.narrow', { used: c.narrowUsed, max: c.narrowMax })}` : ''}
    </span>
  );
}

/** The messages of the limits a field breaks, shown under it. */
function Problems({ network, fields, prefix }: { network: Network; fields: AdText; prefix: string }) {
  const { tm } = useI18n();
  const mine = checkAd(network, fields).filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));
  if (mine.length === 0) return null;
  return <div className="field-error" role="alert" data-testid={`problem-${prefix}`}>{mine.map((p) => tm(p.key, p.params)).join('; ')}</div>;
}

/**
 * The texts of an ad or a template with live counters and the networks' limits checked as one types.
 * `preview` (a template filled for an offer) is what gets counted when given: placeholders are not text yet.
 */
export function AdFieldsEditor({ network, fields, onChange, preview, idPrefix }: { network: Network; fields: AdText; onChange: (f: AdText) => void; preview?: AdText; idPrefix: string }) {
  const { t } = useI18n();
  const counted = preview ?? fields;
  if (network === 'google') {
    const g = fields as GoogleAdText;
    const lines = (k: 'headlines' | 'descriptions') => (
      <div className="field field-wide">
        <label htmlFor={`${idPrefix}-${k}`}>{t(`ads.field.${k}`)}</label>
        <textarea id={`${idPrefix}-${k}`} data-testid={`${idPrefix}-${k}`} rows={k === 'headlines' ? 5 : 3} value={g[k].join('\n')} onChange={(e) => onChange({ ...g, [k]: e.target.value.split('\n') })} />
        <div className="small">{(counted as GoogleAdText)[k].map((_, i) => <span key={i} style={{ marginRight: 8 }}>{i + 1}: <Counter network={network} fields={counted} path={`${k}.${i}`} /></span>)}</div>
        <Problems network={network} fields={counted} prefix={k} />
      </div>
    );
    const path = (k: 'path1' | 'path2') => (
      <div className="field">
        <label htmlFor={`${idPrefix}-${k}`}>{t(`ads.field.${k}`)} <Counter network={network} fields={counted} path={k} /></label>
        <input id={`${idPrefix}-${k}`} value={g[k]} onChange={(e) => onChange({ ...g, [k]: e.target.value })} />
        <Problems network={network} fields={counted} prefix={k} />
      </div>
    );
    return <div className="form-grid">{lines('headlines')}{lines('descriptions')}{path('path1')}{path('path2')}</div>;
  }
  const y = fields as YandexAdText;
  const one = (k: 'title' | 'title2' | 'text') => (
    <div className={`field${k === 'text' ? ' field-wide' : ''}`}>
      <label htmlFor={`${idPrefix}-${k}`}>{t(`ads.field.${k}`)} <Counter network={network} fields={counted} path={k} /></label>
      {k === 'text'
        ? <textarea id={`${idPrefix}-${k}`} data-testid={`${idPrefix}-${k}`} rows={2} value={y[k]} onChange={(e) => onChange({ ...y, [k]: e.target.value })} />
        : <input id={`${idPrefix}-${k}`} data-testid={`${idPrefix}-${k}`} value={y[k]} onChange={(e) => onChange({ ...y, [k]: e.target.value })} />}
      <Problems network={network} fields={counted} prefix={k} />
    </div>
  );
  return <div className="form-grid">{one('title')}{one('title2')}{one('text')}</div>;
}
