import { AppError } from '../../domain/errors.ts';
import { addMonth, averagedTariff, monthOf, readableParams, shareOf, splitBonus, tariffOn } from '../../domain/compensation/pay.ts';
import { addMonths, dateInZone } from '../../domain/dates.ts';
import { translate, type Locale } from '../../domain/messages.ts';
import { formatRubles } from '../../domain/money.ts';
import { can } from '../../domain/parties/permissions.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { baseDocument, renderPdf } from '../documents/pdf.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { bonusOwner, handlerOn, loadBook } from './book.ts';
import { planOfMonth } from './plans.ts';
import { computeStatement, statementOf, type PayLine, type PayStatement } from './statement.ts';

/** A statement as its reader may see it: a manager only their own; accounting and management everyone's. */
export async function viewStatement(ctx: Ctx, userId: string, month: string): Promise<PayStatement> {
  if (!can(ctx.actor.role, 'payroll.read')) {
    requirePermission(ctx, 'payroll.own');
    if (ctx.actor.id !== userId) throw new AppError('forbidden', 'e.pay.ownOnly');
  }
  return computeStatement(ctx, userId, month);
}

/** The explanation of a line in the reader's language. */
export const lineText = (l: PayLine, locale: Locale): string => translate(locale, l.note.key, readableParams(l.note.params, locale));

const sumOf = (s: Pick<PayStatement, 'lines'>, kind: PayLine['kind']) => s.lines.filter((l) => l.kind === kind).reduce((a, l) => a + l.amount, 0n);

/** Every manager on a plan that month: the statement's parts and total, approved or not. */
export async function payrollSummary(ctx: Ctx, month: string) {
  requirePermission(ctx, 'payroll.read');
  const users = await ctx.db.selectFrom('pay_assignment as a').innerJoin('app_user as u', 'u.id', 'a.user_id')
    .where('a.valid_from', '<', `${addMonth(month, 1)}-01`).where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>', `${month}-01`)]))
    .select(['u.id', 'u.full_name']).distinct().orderBy('u.full_name').execute();
  const rows = [];
  const book = await loadBook(ctx);
  for (const u of users) {
    if (!(await planOfMonth(ctx, u.id, month))) continue;
    const s = await statementOf(ctx, u.id, month, book);
    rows.push({
      userId: u.id, name: u.full_name, approved: s.approved !== null, base: sumOf(s, 'base'), management: sumOf(s, 'management'),
      acquisition: sumOf(s, 'acquisition'), handling: sumOf(s, 'handling'), retention: sumOf(s, 'retention'),
      deductions: sumOf(s, 'deduction'), penalties: sumOf(s, 'penalty'), total: s.total, carried: s.carried,
    });
  }
  return { month, rows, total: rows.reduce((a, r) => a + r.total, 0n) };
}

const rub = (k: bigint) => Number(k) / 100;

/** The payroll summary for accounting as XLSX, one row per manager, rubles with kopecks. */
export async function payrollSummaryXlsx(ctx: Ctx, month: string, locale: Locale): Promise<Buffer> {
  const s = await payrollSummary(ctx, month);
  const h = (key: string) => translate(locale, key);
  const money = { numFmt: '#,##0.00', width: 16 };
  return writeXlsx([{
    name: month,
    columns: [
      { header: locale === 'ru' ? 'Менеджер' : 'Manager', key: 'name', width: 28 },
      { header: h('pay.kind.base'), key: 'base', ...money }, { header: h('pay.kind.management'), key: 'management', ...money },
      { header: h('pay.kind.acquisition'), key: 'acquisition', ...money }, { header: h('pay.kind.handling'), key: 'handling', ...money },
      { header: h('pay.kind.retention'), key: 'retention', ...money }, { header: h('pay.kind.deduction'), key: 'deductions', ...money },
      { header: h('pay.kind.penalty'), key: 'penalties', ...money }, { header: locale === 'ru' ? 'Итого' : 'Total', key: 'total', ...money },
      { header: locale === 'ru' ? 'Утверждено' : 'Approved', key: 'approved', width: 12 },
    ],
    rows: s.rows.map((r) => ({
      name: r.name, base: rub(r.base), management: rub(r.management), acquisition: rub(r.acquisition), handling: rub(r.handling),
      retention: rub(r.retention), deductions: rub(r.deductions), penalties: rub(r.penalties), total: rub(r.total),
      approved: r.approved ? (locale === 'ru' ? 'да' : 'yes') : (locale === 'ru' ? 'нет' : 'no'),
    })),
  }]);
}

/** One statement's lines as XLSX (for the manager or accounting). */
export async function statementXlsx(ctx: Ctx, userId: string, month: string, locale: Locale): Promise<Buffer> {
  const s = await viewStatement(ctx, userId, month);
  return writeXlsx([{
    name: month,
    columns: [
      { header: locale === 'ru' ? 'Вид' : 'Kind', key: 'kind', width: 30 }, { header: locale === 'ru' ? 'Клиент' : 'Client', key: 'client', width: 28 },
      { header: locale === 'ru' ? 'За месяц' : 'Due month', key: 'due', width: 10 }, { header: locale === 'ru' ? 'Расчёт' : 'How', key: 'how', width: 70 },
      { header: locale === 'ru' ? 'Сумма' : 'Amount', key: 'amount', numFmt: '#,##0.00', width: 16 },
    ],
    rows: s.lines.map((l) => ({ kind: translate(locale, `pay.kind.${l.kind}`), client: l.companyName ?? '', due: l.dueMonth, how: lineText(l, locale), amount: rub(l.amount) })),
  }]);
}

/** One statement as a PDF a person signs off. */
export async function statementPdf(ctx: Ctx, userId: string, month: string, locale: Locale): Promise<Buffer> {
  const s = await viewStatement(ctx, userId, month);
  const ru = locale === 'ru';
  const m = `${month.slice(5)}.${month.slice(0, 4)}`;
  return renderPdf({
    ...baseDocument,
    content: [
      { text: ru ? `Расчётный лист: ${s.userName}, ${m}` : `Pay statement: ${s.userName}, ${m}`, style: 'h1' },
      { text: s.plan ? (ru ? `План: ${s.plan.name}` : `Plan: ${s.plan.name}`) : '', style: 'small' },
      {
        margin: [0, 8, 0, 8],
        table: {
          headerRows: 1, widths: ['auto', 'auto', '*', 'auto'],
          body: [
            [{ text: ru ? 'Вид' : 'Kind', style: 'th' }, { text: ru ? 'Клиент' : 'Client', style: 'th' }, { text: ru ? 'Расчёт' : 'How', style: 'th' }, { text: ru ? 'Сумма' : 'Amount', style: 'th', alignment: 'right' }],
            ...s.lines.map((l) => [translate(locale, `pay.kind.${l.kind}`), l.companyName ?? '', lineText(l, locale), { text: formatRubles(l.amount, locale), alignment: 'right' as const }]),
            [{ text: ru ? 'Итого' : 'Total', bold: true }, '', '', { text: formatRubles(s.total, locale), bold: true, alignment: 'right' as const }],
          ],
        },
      },
      s.approved ? { text: ru ? `Утверждено: ${s.approved.by}` : `Approved by ${s.approved.by}`, style: 'small' } : { text: ru ? 'Не утверждено' : 'Not approved', style: 'small' },
    ],
  });
}

/** What a manager will be paid later: the deferred parts of clients in their first months, by due month. */
export async function upcomingParts(ctx: Ctx, userId: string) {
  if (!can(ctx.actor.role, 'payroll.read')) {
    requirePermission(ctx, 'payroll.own');
    if (ctx.actor.id !== userId) throw new AppError('forbidden', 'e.pay.ownOnly');
  }
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const plan = await planOfMonth(ctx, userId, today.slice(0, 7));
  if (!plan) return { items: [] };
  const t = plan.terms;
  const items = [];
  for (const c of await loadBook(ctx)) {
    const owner = bonusOwner(c);
    if (!owner || owner.userId !== userId) continue;
    const deferEnd = addMonths(c.start, t.deferralMonths);
    if (monthOf(deferEnd) <= today.slice(0, 7)) continue;
    const rate = owner.kind === 'acquisition' ? t.acquisitionRate : t.handlingRate;
    // The average is what the tariffs known today give; a later change moves the figure.
    const p = splitBonus(rate, tariffOn(c.segments, c.start), averagedTariff(c.segments, c.start, deferEnd), t);
    items.push({ companyId: c.companyId, companyName: c.companyName, kind: owner.kind, dueMonth: monthOf(deferEnd), estimate: p.second });
  }
  items.sort((a, b) => a.dueMonth.localeCompare(b.dueMonth));
  return { items };
}

/**
 * What-if: the manager's open deals closing now at their expected monthly revenue — the bonus parts they would
 * bring this month and after the deferral, and the retention a month after that.
 */
export async function whatIf(ctx: Ctx, userId: string) {
  if (!can(ctx.actor.role, 'payroll.read')) {
    requirePermission(ctx, 'payroll.own');
    if (ctx.actor.id !== userId) throw new AppError('forbidden', 'e.pay.ownOnly');
  }
  const month = dateInZone(ctx.now(), ctx.timeZone).slice(0, 7);
  const plan = await planOfMonth(ctx, userId, month);
  if (!plan) return { month, deals: [], now: 0n, later: 0n, monthlyRetention: 0n, deferralMonths: 0 };
  const t = plan.terms;
  const deals = await ctx.db.selectFrom('deal as d').innerJoin('company as c', 'c.id', 'd.company_id')
    .select(['d.id', 'd.title', 'c.name', 'd.source', 'd.expected_monthly_revenue']).where('d.owner_id', '=', userId).where('d.outcome', '=', 'open').orderBy('d.expected_monthly_revenue', 'desc').execute();
  const acq = ['cold_call', 'conference', 'ad_campaign', 'partner'];
  const rows = deals.map((d) => {
    const kind = acq.includes(d.source) ? 'acquisition' as const : 'handling' as const;
    const p = splitBonus(kind === 'acquisition' ? t.acquisitionRate : t.handlingRate, d.expected_monthly_revenue, d.expected_monthly_revenue, t);
    return { dealId: d.id, title: d.title, companyName: d.name, kind, revenue: d.expected_monthly_revenue, first: p.first, second: p.second,
      secondDue: addMonth(month, t.deferralMonths), retention: shareOf(d.expected_monthly_revenue, t.retentionRate) };
  });
  return {
    month, deferralMonths: t.deferralMonths, deals: rows, now: rows.reduce((a, r) => a + r.first, 0n), later: rows.reduce((a, r) => a + r.second, 0n),
    monthlyRetention: rows.reduce((a, r) => a + r.retention, 0n),
  };
}

/** Clients with who brought and who handles them (for management to check and correct). */
export async function payClients(ctx: Ctx) {
  requirePermission(ctx, 'payroll.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const book = await loadBook(ctx);
  const names = new Map((await ctx.db.selectFrom('app_user').select(['id', 'full_name']).execute()).map((u) => [u.id, u.full_name]));
  return book.map((c) => ({
    companyId: c.companyId, companyName: c.companyName, broughtBy: c.broughtBy, acquiredBy: c.acquiredBy, acquiredByName: c.acquiredBy ? names.get(c.acquiredBy) ?? null : null,
    handledBy: c.handledBy, handledByName: c.handledBy ? names.get(c.handledBy) ?? null : null, handlerNow: handlerOn(c, today),
    handlerNowName: names.get(handlerOn(c, today) ?? '') ?? null, partnerId: c.partnerId, campaign: c.campaign, origin: c.origin,
    start: c.start, endedOn: c.endedOn, tariffNow: tariffOn(c.segments, today),
  })).sort((a, b) => a.companyName.localeCompare(b.companyName));
}
