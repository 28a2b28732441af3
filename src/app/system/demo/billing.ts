import { runBilling } from '../../billing/billing-run.ts';
import { changeTariff } from '../../billing/changes.ts';
import { issueManualInvoice, listInvoices } from '../../billing/invoices.ts';
import { recordPayment } from '../../billing/payments.ts';
import { proposeSuspensions, setBillingSettings } from '../../billing/receivables.ts';
import { createService } from '../../billing/services.ts';
import { seedStatementHistory } from './statements.ts';
import { actor, company, day, type DemoWorld } from './world.ts';

/** Services of existing clients (all started in 2026), billed by accounting for the current month. */
const SERVICES = [
  { client: 'Промсвязьинвест', kind: 'dedicated', title: 'Аренда сервера 2×Xeon Gold 6338 / 256 ГБ', site: 'MSK-DC2', monthlyPrice: 7_990_000, quantity: 2, startDate: '2026-01-15', contractRef: 'Д-2026/003', params: { cpuModel: '2×Xeon Gold 6338', ramGb: 256 } },
  { client: 'Медиа Плюс', kind: 'colocation', title: 'Колокация 1U, 100 Мбит/с', site: 'MSK-DC1', monthlyPrice: 890_000, quantity: 4, startDate: '2026-02-01', contractRef: 'Д-2026/011', params: { units: 1, uplinkMbps: 100 } },
  { client: 'ГеоСофт', kind: 'vps', title: 'VPS 2 vCPU / 4 ГБ / 40 ГБ NVMe', site: 'MSK-DC1', monthlyPrice: 119_000, quantity: 6, startDate: '2026-03-10', contractRef: 'Д-2026/019', params: { vcpu: 2, ramGb: 4, diskGb: 40 } },
  { client: 'Логистик Онлайн', kind: 'internet', title: 'Интернет 100 Мбит/с + 4 IPv4', site: 'MSK-DC1', monthlyPrice: 650_000, quantity: 1, startDate: '2026-05-20', contractRef: 'Д-2026/027', params: { mbps: 100, ipv4: 4 } },
  { client: 'Григорьев Максим Андреевич', kind: 'vps', title: 'VPS 2 vCPU / 4 ГБ / 40 ГБ NVMe', site: 'MSK-DC1', monthlyPrice: 119_000, quantity: 1, startDate: '2026-09-01', contractRef: 'Д-2026/041', params: { vcpu: 2, ramGb: 4, diskGb: 40 } },
] as const;

/** The month before `period` ('YYYY-MM'). */
const monthBefore = (period: string): string => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Billing: payment terms, five clients' services, an old unpaid one-off invoice, last month's billing run
 * (made on its first day), a back-dated downsizing of Промсвязьинвест that corrects last month's invoice
 * with a УКД, this month's run, bank statements imported over last month (matched, queued and bank
 * operations), one payment recorded by hand against ГеоСофт's invoice, and a suspension proposal.
 */
export async function seedBilling(w: DemoWorld): Promise<void> {
  const accounting = actor(w, 'accounting');
  await setBillingSettings(accounting, { paymentTermsDays: 10, reminderDays: [1, 7, 14], suspendAfterDays: 30 });
  const serviceIds: Record<string, string> = {};
  for (const s of SERVICES) {
    const { client, site, ...rest } = s;
    serviceIds[client] = (await createService(accounting, { ...rest, clientId: company(w, client).id, sellerId: w.ownId, siteId: w.sites[site]!, params: { ...rest.params } })).id;
  }
  // Логистик Онлайн left a one-off invoice for cabling work unpaid for two months: the daily check proposes
  // suspending its services, and management decides on the «Приостановки» screen.
  const logistics = company(w, 'Логистик Онлайн').id;
  const twoMonthsAgo = new Date(accounting.now().getTime() - 62 * 86_400_000);
  await issueManualInvoice({ ...accounting, now: () => twoMonthsAgo }, { clientId: logistics, sellerId: w.ownId, serviceDate: day(w, -62),
    lines: [{ description: 'Монтаж кабельной трассы и кросс-коммутация в стойке', amount: 1_850_000 }] });
  // Last month was billed in advance on its first day.
  const lastMonth = monthBefore(w.today.slice(0, 7));
  await runBilling({ ...accounting, now: () => new Date(`${lastMonth}-01T09:00:00+03:00`) }, { period: lastMonth });
  // Промсвязьинвест returned one of its two servers in the middle of last month; accounting records it today,
  // so the days already billed are corrected by a УКД dated today in last month's tax period.
  await changeTariff(accounting, serviceIds['Промсвязьинвест']!, { date: `${lastMonth}-16`, monthlyPrice: 7_990_000, quantity: 1, reason: 'Возврат одного сервера по письму клиента' });
  await runBilling(accounting, { period: w.today.slice(0, 7) });
  await seedStatementHistory(w, lastMonth);
  const geo = company(w, 'ГеоСофт').id;
  const [invoice] = await listInvoices(accounting, { clientId: geo });
  if (invoice) {
    await recordPayment(accounting, { clientId: geo, amount: Number(invoice.total), paidOn: day(w, -1), docNumber: '418', invoiceId: invoice.id, note: 'Платёжное поручение, сверено по выписке в интернет-банке' });
  }
  await proposeSuspensions(accounting);
}
