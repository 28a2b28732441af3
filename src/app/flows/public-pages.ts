import { formatDate, formatInstant } from '../../domain/dates.ts';
import type { AppError } from '../../domain/errors.ts';
import { translate, type Locale } from '../../domain/messages.ts';
import { formatRubles } from '../../domain/money.ts';
import type { publicProposal } from './online-acceptance.ts';
import type { publicSurvey } from '../sales/surveys.ts';

/**
 * The client-facing pages behind personal links: plain server-rendered HTML (no login, no script), so they
 * open in any mail client's browser. Russian first; `?lang=en` switches.
 */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1d2630}
main{max-width:860px;margin:24px auto;background:#fff;border-radius:8px;padding:24px 32px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:1.4rem;margin:0 0 4px}.muted{color:#5b6770;font-size:.9rem}.lang{float:right;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:16px 0}th,td{border-bottom:1px solid #e1e5e9;padding:6px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}.parties{display:flex;gap:32px;flex-wrap:wrap}.parties div{flex:1;min-width:240px}
.totals td{border:none;padding:2px 8px}.totals .gross td{font-weight:600;font-size:1.05rem}
.notice{padding:12px 16px;border-radius:6px;background:#eef4fb;margin:16px 0}.notice.bad{background:#fdecea}.notice.good{background:#e8f5e9}
textarea{width:100%;min-height:70px;box-sizing:border-box;font:inherit;padding:6px}
.actions{display:flex;gap:12px;margin-top:12px;flex-wrap:wrap}button{font:inherit;padding:10px 18px;border-radius:6px;border:1px solid #1f6feb;cursor:pointer}
button.primary{background:#1f6feb;color:#fff}button.secondary{background:#fff;color:#1f6feb}
.scores{display:flex;gap:8px;margin:12px 0}.scores label{border:1px solid #c4ccd4;border-radius:6px;padding:8px 14px;cursor:pointer}`;

function page(locale: Locale, title: string, body: string, otherLangHref: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main><a class="lang" href="${esc(otherLangHref)}">${esc(translate(locale, 'pub.lang'))}</a>${body}</main></body></html>`;
}

const t = (locale: Locale, key: string, params: Record<string, string | number> = {}) => esc(translate(locale, key, params));

/** A refusal (unknown, expired or used link) in the client's words. */
function refusalText(locale: Locale, e: AppError, timeZone: string): string {
  const when = typeof e.params.when === 'string' ? formatInstant(new Date(e.params.when), locale, timeZone) : '';
  return t(locale, e.key, { ...e.params, when });
}

type OfferView = Awaited<ReturnType<typeof publicProposal>>;

/** The proposal as sent (that version exactly), with accept / decline while the link is open. */
export function offerPage(view: OfferView, o: { locale: Locale; timeZone: string; action: string; otherLangHref: string; pdfHref: string; error?: AppError }): string {
  const { locale } = o;
  if (view.state === 'unknown') return page(locale, translate(locale, 'e.sales.linkUnknown'), `<div class="notice bad">${t(locale, 'e.sales.linkUnknown')}</div>`, o.otherLangHref);
  const p = view.proposal;
  const v = p.version;
  const snap = v.snapshot as { client?: { fullName: string; inn: string | null }; seller?: { fullName: string; inn: string | null } } | null;
  const rub = (k: bigint) => esc(formatRubles(k, locale));
  const party = (label: string, x?: { fullName: string; inn: string | null }) => `<div><div class="muted">${t(locale, label)}</div><strong>${esc(x?.fullName ?? '')}</strong>${x?.inn ? `<div class="muted">ИНН ${esc(x.inn)}</div>` : ''}</div>`;
  const rows = p.lines.map((l) => `<tr><td>${l.position}</td><td>${esc(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${rub(l.unitNet)}</td><td class="n">${rub(l.monthly)}</td><td class="n">${rub(l.setup)}</td></tr>`).join('');
  const head = ['pos', 'desc', 'qty', 'unit', 'monthly', 'setup'].map((k, i) => `<th${i >= 2 ? ' class="n"' : ''}>${t(locale, `pub.offer.th.${k}`)}</th>`).join('');
  let notice = '';
  if (o.error) notice = `<div class="notice bad">${refusalText(locale, o.error, o.timeZone)}</div>`;
  const when = view.decision ? formatInstant(view.decision.decided_at, locale, o.timeZone) : '';
  if (view.state === 'accepted') notice += `<div class="notice good" data-state="accepted">${t(locale, 'pub.offer.accepted', { when })}</div>`;
  else if (view.state === 'declined') notice += `<div class="notice" data-state="declined">${t(locale, 'pub.offer.declined', { when })}</div>`;
  else if ((view.state === 'expired' || view.state === 'used') && view.refusal) notice += `<div class="notice bad" data-state="${view.state}">${refusalText(locale, view.refusal, o.timeZone)}</div>`;
  else if (view.state === 'closed') notice += `<div class="notice bad" data-state="closed">${t(locale, 'pub.offer.closed', { status: `status.${v.status}` })}</div>`;
  const form = view.state === 'open' ? `<form method="post" action="${esc(o.action)}">
<label for="comment">${t(locale, 'pub.offer.comment')}</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button class="primary" type="submit" name="decision" value="accepted">${t(locale, 'pub.offer.accept')}</button>
<button class="secondary" type="submit" name="decision" value="declined">${t(locale, 'pub.offer.decline')}</button></div></form>` : '';
  const body = `<h1>${t(locale, 'pub.offer.title', { number: p.number })}</h1>
<div class="muted">${t(locale, 'pub.offer.version', { version: v.version, sent: v.sentAt ? formatInstant(v.sentAt, locale, o.timeZone) : '' })} · ${t(locale, 'pub.offer.validUntil', { date: formatDate(v.validUntil) })}</div>
${p.title ? `<p>${esc(p.title)}</p>` : ''}${notice}
<div class="parties">${party('pub.offer.seller', snap?.seller)}${party('pub.offer.client', snap?.client)}</div>
<p>${t(locale, 'pub.offer.serviceDate', { date: formatDate(v.serviceDate) })}</p>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
<table class="totals"><tbody><tr><td>${t(locale, 'pub.offer.monthly')}</td><td class="n">${rub(v.monthlyTotal)}</td></tr>
<tr><td>${t(locale, 'pub.offer.setup')}</td><td class="n">${rub(v.setupTotal)}</td></tr>
<tr><td>${v.vatRate === null ? t(locale, 'pub.offer.noVat') : `${t(locale, 'pub.offer.vat')} ${esc(v.vatRate)} %`}</td><td class="n">${v.vatRate === null ? '—' : rub(v.vatTotal)}</td></tr>
<tr class="gross"><td>${t(locale, 'pub.offer.gross')}</td><td class="n">${rub(v.grossTotal)}</td></tr></tbody></table>
<p><a href="${esc(o.pdfHref)}">${t(locale, 'pub.offer.pdf')}</a></p>
${form}<p class="muted">${t(locale, 'pub.offer.hash', { hash: v.sentHash ?? '' })}</p>`;
  return page(locale, translate(locale, 'pub.offer.title', { number: p.number }), body, o.otherLangHref);
}

type SurveyView = Awaited<ReturnType<typeof publicSurvey>>;

/** The satisfaction question: a score from 1 to 5 and a comment. */
export function surveyPage(view: SurveyView, o: { locale: Locale; timeZone: string; action: string; otherLangHref: string; error?: AppError }): string {
  const { locale } = o;
  const title = translate(locale, 'pub.survey.title');
  if (view.state === 'unknown') return page(locale, title, `<div class="notice bad">${t(locale, 'e.sales.linkUnknown')}</div>`, o.otherLangHref);
  let body = `<h1>${esc(title)}</h1>`;
  if (o.error) body += `<div class="notice bad">${refusalText(locale, o.error, o.timeZone)}</div>`;
  if (view.state === 'answered') return page(locale, title, `${body}<div class="notice good" data-state="answered">${t(locale, 'pub.survey.thanks')}</div>`, o.otherLangHref);
  if (view.state === 'expired' && view.refusal) return page(locale, title, `${body}<div class="notice bad" data-state="expired">${refusalText(locale, view.refusal, o.timeZone)}</div>`, o.otherLangHref);
  const scores = [1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="score" value="${n}" required> ${n}</label>`).join('');
  body += `<form method="post" action="${esc(o.action)}"><p>${t(locale, 'pub.survey.question', { service: view.service ?? '' })}</p>
<div class="muted">1 — ${t(locale, 'pub.survey.low')}, 5 — ${t(locale, 'pub.survey.high')}</div><div class="scores">${scores}</div>
<label for="comment">${t(locale, 'pub.offer.comment')}</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button class="primary" type="submit">${t(locale, 'pub.survey.send')}</button></div></form>`;
  return page(locale, title, body, o.otherLangHref);
}
