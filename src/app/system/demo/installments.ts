import { addMonths } from '../../../domain/dates.ts';
import { createAgreement, payInstallment } from '../../flows/installments.ts';
import { actor, company, day, type DemoWorld } from './world.ts';

/**
 * Facilities bought the three Supermicro servers in rack A01 from «Серверные решения» on installments
 * five months ago: a down payment, then 12 equal monthly payments. Accounting paid the down payment and
 * the first three months; the fourth is late (overdue on the management screen), the rest is scheduled.
 * A second, small agreement for the Juniper switch was paid off early, so its owner is already us.
 */
export async function seedInstallments(w: DemoWorld): Promise<void> {
  const facilities = actor(w, 'facilities');
  const accounting = actor(w, 'accounting');
  const supplier = company(w, 'Серверные решения').id;
  const units = await facilities.db.selectFrom('inv_equipment').select(['id', 'serial']).where('serial', 'in', ['S418027731', 'S418027732', 'S418027733', 'PE3719AK0021']).orderBy('serial').execute();
  const bySerial = (s: string) => units.find((u) => u.serial === s)!.id;
  const signedOn = day(w, -150);
  const first = addMonths(signedOn, 1);
  const servers = await createAgreement(facilities, {
    supplierId: supplier, number: 'РС-2026/017', signedOn, downPayment: '90 000,00', fees: '27 000,00',
    items: ['S418027731', 'S418027732', 'S418027733'].map((s) => ({ equipmentId: bySerial(s), price: '150 000,00' })),
    schedule: { kind: 'equal', months: 12, firstDueOn: first }, note: 'Три сервера Supermicro для выделенных серверов MSK-DC1',
  });
  await payInstallment(accounting, servers.id, { amount: '90 000,00', paidOn: signedOn, docNumber: '311' });
  for (const e of servers.schedule.filter((x) => x.seq >= 1 && x.seq <= 3)) {
    await payInstallment(accounting, servers.id, { amount: Number(e.amount), paidOn: e.dueOn, docNumber: String(400 + e.seq) });
  }
  const sw = await createAgreement(facilities, {
    supplierId: supplier, number: 'РС-2026/009', signedOn: day(w, -240), items: [{ equipmentId: bySerial('PE3719AK0021'), price: '240 000,00' }],
    schedule: { kind: 'equal', months: 6, firstDueOn: addMonths(day(w, -240), 1) },
  });
  await payInstallment(accounting, sw.id, { amount: '40 000,00', paidOn: addMonths(day(w, -240), 1), docNumber: '205' });
  await payInstallment(accounting, sw.id, { payOff: true, paidOn: day(w, -180), docNumber: '233', note: 'Досрочное погашение' });
}
