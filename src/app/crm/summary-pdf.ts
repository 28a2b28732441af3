import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { DEFAULT_TIME_ZONE, formatDate, formatInstant } from '../../domain/dates.ts';
import { formatRubles } from '../../domain/money.ts';
import { translate, type Locale } from '../../domain/messages.ts';
import { renderPdf } from '../documents/pdf.ts';
import { proposalLine, type DailySummary } from './daily.ts';

/** The daily summary as a PDF (A4, landscape, Cyrillic fonts). */
export function summaryPdf(s: DailySummary, locale: Locale = 'ru', timeZone = DEFAULT_TIME_ZONE): Promise<Buffer> {
  const L = (k: string, p: Record<string, string | number> = {}) => translate(locale, `crm.sum.${k}`, p);
  const d = (x: string | null) => (x ? formatDate(x, locale) : '—');
  const t = (x: Date | null) => (x ? formatInstant(x, locale, timeZone) : '—');
  const stage = (c: string | null) => (c ? (s.stageNames[c] ?? c) : '—');
  const list = (title: string, items: string[]): Content[] => [
    { text: `${title} (${items.length})`, style: 'h2' },
    items.length ? { ul: items } : { text: L('none'), style: 'small' },
  ];
  const content: Content[] = [
    { text: L('title', { date: d(s.date), who: s.managerName ?? translate(locale, 'crm.summary.team') }), style: 'h1' },
    ...list(L('moved'), s.moved.map((m) => `${m.title} — ${m.companyName}: ${stage(m.fromStage)} » ${stage(m.toStage)} (${m.ownerName}, ${t(m.at)})`)),
    ...list(L('proposals'), s.proposals.map((x) => proposalLine(x, locale, timeZone))),
    ...list(L('activities'), s.activities.map((a) => `${t(a.at)} ${translate(locale, `crm.kind.${a.kind}`)} — ${a.dealTitle ?? a.companyName}${a.subject ? `: ${a.subject}` : ''}${a.outcome ? ` » ${a.outcome}` : ''}`)),
    ...list(L('tasksDone'), s.tasksDone.map((x) => `${x.title}${x.dealTitle ? ` — ${x.dealTitle}` : ''} (${x.assigneeName})`)),
    ...list(L('missing'), s.missingStatus.map((x) => (x.kind === 'deal' ? `${x.title} — ${x.companyName} (${x.ownerName}, ${stage(x.stage)})` : `${x.companyName} — ${L('client')} (${x.ownerName})`))),
    ...list(L('overdue'), [
      ...s.overdueDeals.map((x) => `${x.title} — ${x.companyName}: ${x.nextStep ?? '—'} (${d(x.nextStepDue)}, ${x.ownerName})`),
      ...s.overdueTasks.map((x) => `${L('task')}: ${x.title} (${d(x.dueDate)}, ${x.assigneeName})`),
    ]),
    ...list(L('blocked'), s.blocked.map((x) => `${x.title} — ${x.companyName}: ${x.blockedReason} (${x.ownerName})`)),
    { text: `${L('pending')} (${s.pendingTotal})`, style: 'h2' },
    {
      table: {
        headerRows: 1, widths: ['*', 'auto', '*', 'auto', '*', 'auto', 'auto', 'auto'],
        body: [
          ['colDeal', 'colStage', 'colNext', 'colDue', 'colLast', 'colContact', 'colRevenue', 'colOwner'].map((k) => ({ text: L(k), style: 'th' })),
          ...s.pending.map((x) => [`${x.title} (${x.companyName})`, stage(x.stage), x.nextStep ?? '—', d(x.nextStepDue),
            x.lastActivity ? `${x.lastActivity}, ${t(x.lastActivityAt)}` : '—', x.contactName ?? '—', formatRubles(x.expectedMonthlyRevenue, locale), x.ownerName]),
        ],
      },
      fontSize: 8,
    },
    ...(s.pendingTotal > s.pending.length ? [{ text: L('more', { n: s.pendingTotal - s.pending.length }), style: 'small' } as Content] : []),
  ];
  const doc: TDocumentDefinitions = { pageOrientation: 'landscape', content };
  return renderPdf(doc);
}
