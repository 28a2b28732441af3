import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData } from '../../lib/hooks.ts';
import { formatRubles } from '../../../domain/money.ts';
import type { ShownOffer } from './ads-page.tsx';

/** The staff's view of the public price list: the links to the public pages, what is shown, what is not and why, the widget. */
export function PricelistPage() {
  const { t } = useI18n();
  const { lang } = useI18n();
  const pl = useData(() => api<{ shown: ShownOffer[]; hidden: ShownOffer[]; publicUrl: string }>('GET', '/marketing/pricelist'), []);
  if (pl.error) return <section className="page"><Banner kind="error">{pl.error}</Banner></section>;
  if (!pl.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  const base = pl.data.publicUrl.replace(/\/prices$/, '');
  const vat = (o: ShownOffer) => (o.price.vatRate === null ? t('pl.vat.none') : `${o.price.vatRate} % · ${rub(o.price.vat)}`);
  return (
    <section className="page" data-testid="pricelist-page">
      <div className="page-head"><h1>{t('pl.title')}</h1></div>
      <div className="toolbar" style={{ marginBottom: 16 }}>
        <a className="btn btn-primary" href={pl.data.publicUrl} target="_blank" rel="noopener" data-testid="pl-open">{t('pl.open')}</a>
        <a className="btn" href={`${base}/prices/feed.json`} target="_blank" rel="noopener">{t('pl.feed')}</a>
        <a className="btn" href={`${base}/sitemap.xml`} target="_blank" rel="noopener">{t('pl.sitemap')}</a>
        <a className="btn" href={`${base}/prices/widget.html`} target="_blank" rel="noopener">{t('pl.widget')}</a>
      </div>
      <div className="card table-card" style={{ marginBottom: 16 }}>
        <h2 style={{ padding: '12px 16px 0' }}>{t('pl.shown')}</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('pl.shown')}>
          <table className="table" data-testid="pl-shown">
            <thead><tr><th>{t('pl.col.offer')}</th><th>{t('pl.col.where')}</th><th className="num">{t('pl.col.price')}</th><th className="num">{t('pl.col.vat')}</th></tr></thead>
            <tbody>{pl.data.shown.map((o) => <tr key={o.id} data-code={o.code}><td><a href={`${base}/prices/${encodeURIComponent(o.code)}`} target="_blank" rel="noopener">{o.name}</a><div className="small muted">{o.config}</div></td><td>{o.location}</td><td className="num">{rub(o.price.gross)}</td><td className="num">{vat(o)}</td></tr>)}</tbody>
          </table>
        </div>
      </div>
      <div className="card table-card" style={{ marginBottom: 16 }}>
        <h2 style={{ padding: '12px 16px 0' }}>{t('pl.hidden')}</h2>
        {pl.data.hidden.length === 0 ? <div className="empty">{t('pl.hidden.none')}</div> : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('pl.hidden')}>
            <table className="table" data-testid="pl-hidden">
              <thead><tr><th>{t('pl.col.offer')}</th><th>{t('pl.col.where')}</th><th className="num">{t('pl.col.price')}</th><th>{t('pl.col.reason')}</th></tr></thead>
              <tbody>{pl.data.hidden.map((o) => <tr key={o.id} data-code={o.code}><td>{o.name}</td><td>{o.location}</td><td className="num">{rub(o.price.gross)}</td><td>{o.hidden.map((h) => t(`pl.reason.${h}`)).join(', ')}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </div>
      <div className="card" style={{ padding: 16 }}>
        <h2>{t('pl.preview')}</h2>
        <iframe title={t('pl.preview')} src="/prices/widget.html" style={{ width: '100%', height: 320, border: '1px solid #e1e5e9' }} data-testid="pl-widget" />
      </div>
    </section>
  );
}
