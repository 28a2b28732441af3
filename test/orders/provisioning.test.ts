import { prorate } from '../../src/domain/billing/billing.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import PizZip from 'pizzip';
import { engineName, testDb } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { agreeStartDate, firstPeriodDue } from '../../src/app/flows/order-start.ts';
import { acceptanceActPdf, openDispute, recordAcceptance, resolveDispute } from '../../src/app/flows/order-acceptance.ts';
import { approveDeferral, checkItem, completeProvisioning, delaysReport, provisioningQueue, recordDelay, startProvisioning } from '../../src/app/provisioning/provisioning.ts';
import { runOrderReminders } from '../../src/app/provisioning/reminders.ts';
import { contractDocx } from '../../src/app/contracts/contracts.ts';
import { defaultContractTemplate, listContractTemplates, activateContractTemplate, uploadContractTemplate } from '../../src/app/contracts/templates.ts';
import { importStatement } from '../../src/app/flows/statement-import.ts';
import { getInvoice, listInvoices } from '../../src/app/billing/invoices.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { saveHoliday } from '../../src/app/crm/settings.ts';
import { listTasks } from '../../src/app/crm/tasks.ts';
import { formatRubles } from '../../src/domain/money.ts';
import { statementText } from '../billing/statement-fixture.ts';
import { createOrder, getOrder } from '../../src/app/orders/orders.ts';
import { acceptedProposal, orderWorld, rejects, signedOrder, sqlRefusal, type OrderWorld } from './world.ts';

const at = <T extends Ctx>(c: T, iso: string): T => ({ ...c, now: () => new Date(iso) });
const rub = (k: bigint) => formatRubles(k).replace(/[^\d,]/g, '').replace(',', '.');

describe(`hand-off, payment gate, provisioning and start of service (${engineName})`, () => {
  let d: Database;
  let w: OrderWorld;
  beforeAll(async () => { d = await testDb(); w = await orderWorld(d.db); });

  async function pay(invoiceId: string, date: string) {
    const inv = await getInvoice(w.accounting, invoiceId);
    const client = await d.db.selectFrom('company').selectAll().where('id', '=', w.client.id).executeTakeFirstOrThrow();
    const own = await d.db.selectFrom('company').selectAll().where('id', '=', w.own.id).executeTakeFirstOrThrow();
    const text = statementText([own.settlement_account!], [{ number: String(inv.number), date, amount: rub(inv.total), payerAccount: client.settlement_account!,
      payerInn: client.inn!, payerName: client.name, payeeAccount: own.settlement_account!, payeeInn: own.inn!, purpose: `Оплата по счету № ${inv.number} за подключение` }], 'UTF8');
    return importStatement(w.accounting, new TextEncoder().encode(text), 'kl_to_1c.txt');
  }

  it('the payment gate: no work before the initial invoice is paid (app and database); the statement import opens it at once with the deadline', async () => {
    const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    expect((await rejects(startProvisioning(w.tech, o.id))).key).toBe('e.prov.gate');
    expect(await sqlRefusal(sql`UPDATE prov_request SET status = 'ready', gate_opened_on = '2026-12-01', deadline = '2026-12-08' WHERE order_id = ${o.id}`.execute(d.db))).toBe('RD310');
    expect((await provisioningQueue(w.tech, { limit: 500 })).items.find((q) => q.orderId === o.id)?.status).toBe('waiting_payment');
    // A non-working Monday in the business calendar moves the deadline by one day.
    await saveHoliday(w.management, { date: '2026-12-07', name: 'Корпоративный выходной' }).catch(() => undefined);
    const r = await pay(o.invoice!.id, '01.12.2026');
    expect(r).toMatchObject({ matched: 1, ordersReady: 1 });
    // The import itself opened the gate (no job, no look at the queue in between), in its own transaction.
    expect(await d.db.selectFrom('prov_request').select(['status', 'gate_opened_on', 'deadline']).where('order_id', '=', o.id).executeTakeFirstOrThrow())
      .toEqual({ status: 'ready', gate_opened_on: '2026-12-01', deadline: '2026-12-09' });
    const q = (await provisioningQueue(w.tech, { limit: 500 })).items.find((x) => x.orderId === o.id)!;
    // 01.12.2026 (Tue) + 5 working days, skipping the weekend and 07.12: 02, 03, 04, 08, 09
    expect(q).toMatchObject({ status: 'ready', deadline: '2026-12-09', priority: 'high' });
    expect((await startProvisioning(w.tech, o.id)).provisioning?.status).toBe('in_progress');
    expect((await rejects(startProvisioning(w.manager, o.id))).code).toBe('forbidden');
  });

  it('a deferral approved by management (who, why, until when) opens the gate; nobody else can approve it, not even by SQL', async () => {
    const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    expect((await rejects(approveDeferral(w.manager, o.id, { reason: 'Клиент платит через неделю', dueDate: '2026-12-10' }))).code).toBe('forbidden');
    expect((await rejects(approveDeferral(w.management, o.id, { reason: '', dueDate: 'завтра' }))).fieldErrors.map((f) => f.path).sort()).toEqual(['dueDate', 'reason']);
    expect(await sqlRefusal(sql`INSERT INTO payment_deferral (order_id, approved_by, approver_name, reason, due_date) VALUES (${o.id}, ${w.manager.userId}, 'x', 'сам себе', '2026-12-10')`.execute(d.db))).toBe('RD311');
    const ok = await approveDeferral(w.management, o.id, { reason: 'Постоянный клиент, оплата до 10.12', dueDate: '2026-12-10' });
    expect(ok.deferral).toMatchObject({ reason: 'Постоянный клиент, оплата до 10.12', dueDate: '2026-12-10' });
    expect(ok.provisioning?.status).toBe('ready');
    expect(ok.provisioning?.deadline).not.toBeNull();
  });

  it('the queue is sorted by deadline, then priority; completion needs the checklist and proposes the start date; billing bills from the agreed date', async () => {
    const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    await pay(o.invoice!.id, '02.12.2026');
    const queue = (await provisioningQueue(w.tech, { limit: 500 })).items;
    const deadlines = queue.filter((x) => x.deadline).map((x) => x.deadline!);
    expect(deadlines).toEqual([...deadlines].sort());
    await startProvisioning(w.tech, o.id);
    expect((await rejects(completeProvisioning(w.tech, o.id))).key).toBe('e.prov.checklistOpen');
    const items = (await getOrder(w.tech, o.id)).provisioning!.checklist;
    for (const it of items) await checkItem(w.tech, o.id, it.position, true);
    const done = await completeProvisioning(w.tech, o.id);
    expect(done.status).toBe('provisioned');
    expect(done.provisioning!.proposedStart! >= '2026-12-15').toBe(true);
    expect((await listTasks(w.manager, { view: 'all' })).some((t) => t.title.includes(o.number) && t.title.includes('согласуйте'))).toBe(true);
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'active', agreed_start = '2020-01-01' WHERE id = ${o.id}`.execute(d.db))).toBe('RD312');
    expect((await rejects(agreeStartDate(w.manager, o.id, { startDate: '2020-01-01' }))).key).toBe('e.order.startBeforeDone');

    // Agreed later than planned, in January: the December part billed in advance is taken back by a correction
    // document (УКД) referring to the initial invoice; the run bills January prorated.
    const active = await agreeStartDate(w.manager, o.id, { startDate: '2027-01-11' });
    expect(active.status).toBe('active');
    expect(active.services[0]).toMatchObject({ status: 'active', startDate: '2027-01-11' });
    const corr = (await listInvoices(w.accounting, { clientId: w.client.id })).find((i) => i.kind === 'correction' && i.period === '2026-12');
    expect(corr).toBeDefined();
    expect((await getInvoice(w.accounting, corr!.id)).lines.reduce((sum, l) => sum + l.net, 0n)).toBe(-2_741_935n);
    await runBilling(w.accounting, { period: '2026-12' });
    const jan = await runBilling(w.accounting, { period: '2027-01' });
    expect(jan.invoices).toBeGreaterThan(0);
    const line = await d.db.selectFrom('invoice_line').selectAll().where('service_id', '=', active.services[0]!.id).where('period', '=', '2027-01').where('line_kind', '=', 'period').executeTakeFirstOrThrow();
    // 11–31 January, 2 × 25 000 ₽: the price of the days per unit, prorate(25 000) = 16 935,48 ₽, times 2
    // (on an invoice line quantity × price = amount) = 33 870,96 ₽
    expect([line.quantity, line.unit_price, line.net, line.date_from, line.date_to]).toEqual([2, prorate(2_500_000n, '2027-01-11', '2027-01-31'), 3_387_096n, '2027-01-11', '2027-01-31']);
    const dec = await d.db.selectFrom('invoice_line').select('billing_key').where('service_id', '=', active.services[0]!.id).where('line_kind', '=', 'period').execute();
    expect(dec.map((x) => x.billing_key).sort()).toEqual([`${active.services[0]!.id}:2026-12`, `${active.services[0]!.id}:2027-01`]);

    // Acceptance act and disputes.
    const act = await acceptanceActPdf(w.manager, o.id);
    expect(act.fileName).toContain(o.number);
    expect((await pdfText(act.pdf)).replace(/\s+/g, ' ')).toContain('11.01.2027');
    expect((await recordAcceptance(w.manager, o.id)).acceptedAt).not.toBeNull();
    const disp = await openDispute(w.manager, o.id, { subject: 'Скорость порта ниже договорной', description: 'Клиент видит 100 Мбит/с вместо 1000' });
    const res = await resolveDispute(w.manager, o.id, disp.disputes[0]!.id, { resolution: 'Перенастроен порт коммутатора' });
    expect(res.disputes[0]).toMatchObject({ resolution: 'Перенастроен порт коммутатора' });
    expect((await rejects(resolveDispute(w.manager, o.id, disp.disputes[0]!.id, { resolution: 'ещё раз' }))).key).toBe('e.dispute.resolved');
  });

  it('first period arithmetic: same month, later month, earlier month', () => {
    expect(firstPeriodDue(3_100n, '2026-12-15', '2026-12')).toBe(1_700n);
    expect(firstPeriodDue(3_100n, '2027-01-02', '2026-12')).toBe(0n);
    expect(firstPeriodDue(3_100n, '2026-11-20', '2026-12')).toBe(3_100n);
  });

  it('reminds of stalled signing and near deadlines, escalates overdue work to management; the delays report says who, why, how long', async () => {
    const prepared = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    const r0 = await runOrderReminders(at(w.admin, new Date(Date.now() + 4 * 86_400_000).toISOString()));
    expect(r0.signing).toBeGreaterThan(0);
    expect((await listTasks(w.manager, { view: 'all' })).some((t) => t.title.includes(prepared.number) && t.title.includes('не отправлен'))).toBe(true);
    const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    await pay(o.invoice!.id, '03.12.2026');
    await startProvisioning(w.tech, o.id);
    const deadline = (await getOrder(w.tech, o.id)).provisioning!.deadline!;
    await recordDelay(w.tech, o.id, { responsible: 'supplier', reason: 'Поставщик задержал диски' });
    expect((await rejects(recordDelay(w.tech, o.id, { responsible: 'moon', reason: 'x' }))).code).toBe('validation');
    const later = at(w.admin, `${deadline}T09:00:00+03:00`);
    const r1 = await runOrderReminders(later);
    expect(r1.deadlines).toBeGreaterThan(0);
    expect((await runOrderReminders(later)).deadlines).toBe(0);
    const overdue = at(w.admin, '2027-03-01T09:00:00+03:00');
    const r2 = await runOrderReminders(overdue);
    expect(r2.escalated).toBeGreaterThan(0);
    expect((await listTasks(w.management, { view: 'all' })).some((t) => t.title.includes(o.number) && t.title.includes('Просрочено'))).toBe(true);
    const report = await delaysReport(at(w.management, '2027-03-01T09:00:00+03:00'));
    const row = report.find((x) => x.orderId === o.id)!;
    expect(row).toMatchObject({ open: true, assigneeName: w.tech.actor.name, deadline });
    expect(row.workingDaysLate).toBeGreaterThan(40);
    expect(row.reasons).toEqual([expect.objectContaining({ responsible: 'supplier', reason: 'Поставщик задержал диски', recordedByName: w.tech.actor.name })]);
    expect((await provisioningQueue(at(w.tech, '2027-03-01T09:00:00+03:00'), { limit: 500 })).items.find((x) => x.orderId === o.id)?.overdue).toBe(true);
  });

  it('contract templates: the built-in one works; an upload with unknown tags or a broken file is refused; a good one becomes active', async () => {
    const broken = await rejects(uploadContractTemplate(w.management, Buffer.from('not a docx'), 'broken'));
    expect(broken.key).toBe('e.contract.templateBroken');
    const zip = new PizZip(defaultContractTemplate());
    const xml = zip.file('word/document.xml')!.asText();
    zip.file('word/document.xml', xml.replace('Реквизиты сторон', 'Реквизиты {clientDirektor} {sellerName}'));
    const typo = await rejects(uploadContractTemplate(w.management, zip.generate({ type: 'nodebuffer' }), 'typo'));
    expect([typo.key, typo.params.tags]).toEqual(['e.contract.unknownTags', 'clientDirektor']);
    expect((await rejects(uploadContractTemplate(w.manager, defaultContractTemplate(), 'x'))).code).toBe('forbidden');
    zip.file('word/document.xml', xml.replace('Реквизиты сторон', 'НАШ ШАБЛОН: реквизиты {clientName}'));
    const up = await uploadContractTemplate(w.management, zip.generate({ type: 'nodebuffer' }), 'Наш договор 2026');
    expect(up.tags).toContain('clientName');
    const o = await signedOrder(w);
    expect(new PizZip((await contractDocx(w.manager, o.id)).docx).file('word/document.xml')!.asText()).toContain('НАШ ШАБЛОН');
    expect((await listContractTemplates(w.manager)).find((t) => t.active)?.name).toBe('Наш договор 2026');
    await activateContractTemplate(w.management, null);
    expect(new PizZip((await contractDocx(w.manager, o.id)).docx).file('word/document.xml')!.asText()).not.toContain('НАШ ШАБЛОН');
  });
});
