import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createProposal, updateProposalHeader } from '../../src/app/quoting/proposals.ts';
import { sendProposal } from '../../src/app/quoting/transitions.ts';
import { earliestDateForAnswers } from '../../src/app/sales/promised-dates.ts';
import { dateInZone, formatDate } from '../../src/domain/dates.ts';
import { addBusinessDays } from '../../src/domain/quoting/promised-date.ts';
import { translate } from '../../src/domain/messages.ts';
import { aCompany } from '../helpers/factories.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { rejects } from '../crm/helpers.ts';
import { confirmFeasibility, pricingWorld, proposalInput, type World } from '../quoting/world.ts';

const shift = (d: string, n: number) => { const t = new Date(`${d}T00:00:00Z`); t.setUTCDate(t.getUTCDate() + n); return t.toISOString().slice(0, 10); };

describe(`promised dates (rule 3): never before the tech department’s lead time, never in the past (${engineName})`, () => {
  let d: Database;
  let w: World;
  let today: string;
  beforeAll(async () => { d = await testDb(); w = await pricingWorld(d.db); today = dateInZone(new Date()); });

  /** A client whose servers the tech department confirmed today with `leadDays` working days. */
  const clientWithAnswer = async (leadDays: number) => {
    const c = await aCompany(w.manager);
    const answerId = await confirmFeasibility(w.manager, w.tech, { companyId: c.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 5 }, { leadDays });
    return { companyId: c.id, answerId };
  };

  it('a start date in the past is refused at sending, with the date in the message', async () => {
    const { companyId } = await clientWithAnswer(0);
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId, serviceDate: '2026-01-01' }));
    const e = await rejects(sendProposal(w.manager, p.id));
    expect(e.key).toBe('e.quote.serviceDatePast');
    expect(translate('ru', e.key, e.params)).toBe(`Дата начала услуг 01.01.2026 уже прошла (сегодня ${formatDate(today)}): укажите дату не раньше сегодняшней`);
  });

  it('earlier than the answer’s lead time in working days is refused naming the line and the earliest date; a non-working date moves it', async () => {
    const { companyId, answerId } = await clientWithAnswer(3);
    const earliest = addBusinessDays(today, 3, new Set());
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId, serviceDate: shift(earliest, -1) < today ? today : shift(earliest, -1) }));
    const e = await rejects(sendProposal(w.manager, p.id));
    expect(e.key).toBe('e.quote.serviceDateTooEarly');
    expect(translate('ru', e.key, e.params)).toContain(`Строка 1: услуги можно обещать не раньше ${formatDate(earliest)}`);
    expect(translate('en', e.key, e.params)).toContain(`Line 1: service cannot be promised before ${formatDate(earliest)}`);
    expect(await earliestDateForAnswers(w.manager, [answerId])).toBe(earliest);

    // The company declares the earliest day non-working: the date moves to the next working day, in the app and in SQL.
    await d.db.insertInto('crm_holiday').values({ day: earliest, name: 'тест' }).onConflict((oc) => oc.doNothing()).execute();
    try {
      const moved = await earliestDateForAnswers(w.manager, [answerId]);
      expect(moved > earliest).toBe(true);
      const db = (await sql<{ e: string }>`SELECT earliest_service_date(${answerId})::text AS e`.execute(d.db)).rows[0]!.e;
      expect(db).toBe(moved);
      await updateProposalHeader(w.manager, p.id, { serviceDate: earliest });
      expect((await rejects(sendProposal(w.manager, p.id))).params.earliest).toBe(formatDate(moved));
      await updateProposalHeader(w.manager, p.id, { serviceDate: moved });
      expect((await sendProposal(w.manager, p.id)).version.status).toBe('sent');
    } finally {
      await d.db.deleteFrom('crm_holiday').where('day', '=', earliest).execute();
    }
  });

  it('the database refuses a raw send with a too-early or past date (RD211, RD210), naming the line and the date', async () => {
    const { companyId, answerId } = await clientWithAnswer(10);
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId, serviceDate: today }));
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${answerId} WHERE version_id = ${p.version.id}`.execute(d.db);
    const earliest = formatDate(addBusinessDays(today, 10, new Set((await d.db.selectFrom('crm_holiday').select('day').execute()).map((h) => h.day))));
    const err = await sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db).catch((x: unknown) => x as { code: string; message: string });
    expect(err).toMatchObject({ code: 'RD211' });
    expect((err as { message: string }).message).toContain(`строка 1: услуги не раньше ${earliest}`);
    await sql`UPDATE proposal_version SET service_date = '2026-01-05' WHERE id = ${p.version.id}`.execute(d.db);
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD210' });
  });
});
