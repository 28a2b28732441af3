import { formatDate } from '../../domain/dates.ts';
import { formatRubles } from '../../domain/money.ts';
import { schemaPrice, type PublicPrice } from '../../domain/marketing/pricelist.ts';
import type { CatalogOffer, PublicPriceList } from './pricelist.ts';

/**
 * The public price list as files a browser, a search engine or another site reads: HTML pages in Russian
 * (title, description, canonical URL, JSON-LD Product/Offer), sitemap.xml, a JSON feed and a small widget
 * to embed in an iframe. The same renderers serve the HTTP pages and `rackdesk pricelist publish`.
 * Paths (under `base`): /prices, /prices/<code>, /prices/feed.json, /prices/widget.html, /sitemap.xml.
 */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSON inside <script>: `<` escaped so no text closes the element. */
const jsonLd = (o: unknown): string => `<script type="application/ld+json">${JSON.stringify(o).replace(/</g, '\\u003c')}</script>`;

export const indexPath = '/prices';
export const offerPath = (code: string): string => `/prices/${encodeURIComponent(code)}`;
export const feedPath = '/prices/feed.json';
export const widgetPath = '/prices/widget.html';
export const sitemapPath = '/sitemap.xml';

/** «в т.ч. НДС 22 % — 1 100,00 ₽» or «НДС не облагается (УСН)»: VAT as the seller's tax mode asks it to be shown. */
export function vatNote(p: PublicPrice): string {
  return p.vatRate === null ? 'НДС не облагается (УСН)' : `в т.ч. НДС ${p.vatRate} % — ${formatRubles(p.vat)}`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1d2630}
main{max-width:960px;margin:24px auto;background:#fff;border-radius:8px;padding:24px 32px}h1{font-size:1.5rem;margin:0 0 8px}
h2{font-size:1.15rem;margin:24px 0 8px}.muted{color:#5b6770;font-size:.9rem}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e1e5e9;padding:8px;text-align:left;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}
.price{font-size:1.4rem;font-weight:600}a{color:#0b57d0}`;

function page(o: { title: string; description: string; canonical: string; body: string; ld: unknown }): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)}</title><meta name="description" content="${esc(o.description)}"><link rel="canonical" href="${esc(o.canonical)}">
<style>${STYLE}</style>${jsonLd(o.ld)}</head><body><main>${o.body}</main></body></html>`;
}

const describe = (o: CatalogOffer): string => `${o.kindName[0]!.toUpperCase()}${o.kindName.slice(1)} «${o.name}»: ${o.config || o.name}, ${o.location}. ${formatRubles(o.price.gross)} в месяц, ${vatNote(o.price)}.`;

/** schema.org Product with its Offer: the price as the client pays it, per month, VAT stated. */
export function productLd(o: CatalogOffer, base: string, sellerName: string) {
  const spec = (p: PublicPrice, unit: boolean) => ({
    '@type': 'UnitPriceSpecification', price: schemaPrice(p.gross), priceCurrency: 'RUB',
    ...(p.vatRate === null ? {} : { valueAddedTaxIncluded: true }),
    ...(unit ? { unitCode: 'MON', referenceQuantity: { '@type': 'QuantitativeValue', value: 1, unitCode: 'MON' } } : { priceType: 'https://schema.org/InstallmentPayment' }),
  });
  return {
    '@context': 'https://schema.org', '@type': 'Product', '@id': `${base}${offerPath(o.code)}`, name: o.name, sku: o.code, category: o.kindName,
    description: describe(o),
    offers: {
      '@type': 'Offer', url: `${base}${offerPath(o.code)}`, price: schemaPrice(o.price.gross), priceCurrency: 'RUB',
      availability: 'https://schema.org/InStock', areaServed: o.location, seller: { '@type': 'Organization', name: sellerName },
      priceSpecification: o.setup.gross > 0n ? [spec(o.price, true), { ...spec(o.setup, false), name: 'Подключение' }] : [spec(o.price, true)],
    },
  };
}

function offerRow(o: CatalogOffer, base: string): string {
  return `<tr data-code="${esc(o.code)}"><td><a href="${esc(base + offerPath(o.code))}">${esc(o.name)}</a><div class="muted">${esc(o.config)}</div></td><td>${esc(o.location)}</td>
<td class="n"><strong>${esc(formatRubles(o.price.gross))}</strong> / мес.<div class="muted">${esc(vatNote(o.price))}</div></td>
<td class="n">${o.setup.gross > 0n ? esc(formatRubles(o.setup.gross)) : 'бесплатно'}</td></tr>`;
}

/** The index page: every shown offer by service kind. */
export function indexPage(list: PublicPriceList, base: string): string {
  const kinds = [...new Set(list.items.map((o) => o.kindName))];
  const head = '<tr><th>Услуга</th><th>Где</th><th class="n">Цена</th><th class="n">Подключение</th></tr>';
  const sections = kinds.map((k) => `<h2>${esc(k[0]!.toUpperCase() + k.slice(1))}</h2><table><thead>${head}</thead><tbody>${list.items.filter((o) => o.kindName === k).map((o) => offerRow(o, base)).join('')}</tbody></table>`).join('');
  const body = `<h1>Цены на услуги ${esc(list.sellerName)}</h1>
<p class="muted">Цены за месяц на ${esc(formatDate(list.today))}. Показаны только услуги, которые можно подключить сейчас.</p>
${sections || '<p>Сейчас свободных предложений нет.</p>'}`;
  const ld = { '@context': 'https://schema.org', '@type': 'ItemList', name: `Цены на услуги ${list.sellerName}`, itemListElement: list.items.map((o, i) => ({ '@type': 'ListItem', position: i + 1, item: productLd(o, base, list.sellerName) })) };
  return page({ title: `Цены на услуги — ${list.sellerName}`, description: `Выделенные серверы, колокация, VPS и интернет: цены за месяц (${list.items.length} предложений), НДС указан.`, canonical: `${base}${indexPath}`, body, ld });
}

/** One offer's page. */
export function offerPage(o: CatalogOffer, list: PublicPriceList, base: string): string {
  const body = `<p><a href="${esc(base + indexPath)}">Все цены</a></p><h1>${esc(o.name)}</h1><p class="muted">${esc(o.kindName)} · ${esc(o.location)} (${esc(o.siteName)})</p>
<p>${esc(o.config)}</p><p class="price" data-price="${o.price.gross}">${esc(formatRubles(o.price.gross))} в месяц</p><p class="muted">${esc(vatNote(o.price))}; без НДС ${esc(formatRubles(o.price.net))}</p>
<p>Подключение: ${o.setup.gross > 0n ? `${esc(formatRubles(o.setup.gross))} (${esc(vatNote(o.setup))})` : 'бесплатно'}</p>
<p class="muted">Цена на ${esc(formatDate(list.today))}; продавец ${esc(list.sellerName)}.</p>`;
  return page({ title: `${o.name} — ${formatRubles(o.price.gross)} в месяц | ${list.sellerName}`, description: describe(o), canonical: `${base}${offerPath(o.code)}`, body, ld: productLd(o, base, list.sellerName) });
}

/** sitemap.xml: the index and every shown offer. */
export function sitemapXml(list: PublicPriceList, base: string): string {
  const url = (loc: string) => `<url><loc>${esc(loc)}</loc><lastmod>${list.today}</lastmod></url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${url(base + indexPath)}${list.items.map((o) => url(base + offerPath(o.code))).join('')}</urlset>\n`;
}

const money = (p: PublicPrice) => ({ net: p.net.toString(), vatRate: p.vatRate, vat: p.vat.toString(), gross: p.gross.toString() });

/** The JSON feed (money in kopecks as strings, as everywhere in the API). */
export function feedJson(list: PublicPriceList, base: string): string {
  return JSON.stringify({
    date: list.today, seller: list.sellerName, taxMode: list.taxMode, currency: 'RUB',
    offers: list.items.map((o) => ({ code: o.code, name: o.name, kind: o.serviceKind, location: o.location, site: o.siteName, config: o.config, params: o.params, url: `${base}${offerPath(o.code)}`, monthly: money(o.price), setup: money(o.setup) })),
  });
}

/** The widget for an iframe on the company's site: a compact table, links open the offer pages in a new tab. */
export function widgetHtml(list: PublicPriceList, base: string): string {
  const rows = list.items.map((o) => `<tr data-code="${esc(o.code)}"><td><a href="${esc(base + offerPath(o.code))}" target="_blank" rel="noopener">${esc(o.name)}</a><br><small>${esc(o.config)} · ${esc(o.location)}</small></td><td class="n">${esc(formatRubles(o.price.gross))}<br><small>${esc(vatNote(o.price))}</small></td></tr>`).join('');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Цены</title>
<style>body{font-family:system-ui,sans-serif;margin:0;font-size:14px}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #e1e5e9;padding:6px}td.n{text-align:right;white-space:nowrap}small{color:#5b6770}</style></head>
<body><table><tbody>${rows}</tbody></table><small>Цены за месяц на ${esc(formatDate(list.today))}</small></body></html>`;
}

/** Every static file of the list: path (relative, `/`-separated) → content. */
export function staticFiles(list: PublicPriceList, base: string): Map<string, string> {
  const files = new Map<string, string>([['prices/index.html', indexPage(list, base)], ['prices/feed.json', feedJson(list, base)], ['prices/widget.html', widgetHtml(list, base)], ['sitemap.xml', sitemapXml(list, base)]]);
  for (const o of list.items) files.set(`prices/${o.code}/index.html`, offerPage(o, list, base));
  return files;
}
