import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { guardError } from '../../src/app/guard-errors.ts';
import { AppError } from '../../src/domain/errors.ts';
import { mayContact, type ConsentEvent } from '../../src/domain/parties/consent.ts';
import { canTransition, proposalStatuses } from '../../src/domain/quoting/quote.ts';
import { guardCodes } from '../../src/domain/sqlstate.ts';
import { translate } from '../../src/domain/messages.ts';
import { aClientWithContact } from '../crm/helpers.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { confirmFeasibility, pricingWorld, proposalInput, type World } from '../quoting/world.ts';

const refusal = async (p: Promise<unknown>): Promise<{ code?: string; detail?: string }> => {
  try { await p; } catch (e) { return e as { code?: string; detail?: string }; }
  throw new Error('expected the statement to be refused');
};

describe(`the database guards agree with the domain (${engineName})`, () => {
  let d: Database;
  let w: World;
  beforeAll(async () => { d = await testDb(); w = await pricingWorld(d.db); });

  it('proposal transitions: canTransition and proposal_version_guard, every pair', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000));
    let n = 100;
    for (const from of proposalStatuses) {
      for (const to of proposalStatuses) {
        if (from === to) continue;
        const version = n++;
        // a version with no lines in status `from` (inserted as a dump would be), then a raw status change
        const outcome = await d.db.transaction().execute(async (tx) => {
          await sql`SELECT set_config('rackdesk.loading', 'on', true)`.execute(tx);
          await sql`INSERT INTO proposal_version (id, proposal_id, version, status, service_date, valid_until, tax_mode)
            VALUES (${`qv_t${version}${w.tag}`}, ${p.id}, ${version}, ${from}, '2026-12-01', '2099-12-31', 'osn')`.execute(tx);
          await sql`SELECT set_config('rackdesk.loading', 'off', true)`.execute(tx);
          await sql`SAVEPOINT s`.execute(tx);
          const e = await sql`UPDATE proposal_version SET status = ${to} WHERE id = ${`qv_t${version}${w.tag}`}`.execute(tx).then(() => null, (x: { code?: string }) => x);
          await sql`ROLLBACK TO SAVEPOINT s`.execute(tx);
          return e?.code ?? 'ok';
        });
        expect(outcome === guardCodes.quoteTransition.code, `${from} → ${to}`).toBe(!canTransition(from, to));
      }
    }
  });

  it('consent in force: mayContact and consent_granted(), generated histories', async () => {
    const { company, contact } = await aClientWithContact(w.manager);
    const base = Date.now() - 30 * 86_400_000;
    let k = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ purpose: fc.constantFrom('pd_processing', 'advertising'), status: fc.constantFrom('granted', 'withdrawn'), hour: fc.integer({ min: 0, max: 6 }) }), { maxLength: 6 }),
      fc.integer({ min: 0, max: 7 }),
      async (history, askHour) => {
        const channel = (['call', 'email', 'sms', 'messenger'] as const)[k % 4]!;
        const c = k < 4 ? contact.id : `ct_tw${k}${w.tag}`;
        if (k >= 4) await sql`INSERT INTO contact (id, company_id, full_name) VALUES (${c}, ${company.id}, 'Twin')`.execute(d.db);
        k++;
        const events: ConsentEvent[] = [];
        for (const [i, h] of history.entries()) {
          const at = new Date(base + h.hour * 3_600_000);
          events.push({ channel, purpose: h.purpose as ConsentEvent['purpose'], status: h.status as ConsentEvent['status'], at });
          // recorded in array order, so a tie in `at` goes to the later record on both sides
          await sql`INSERT INTO consent_event (id, contact_id, channel, purpose, status, at, source, text_version, recorded_at)
            VALUES (${`ce_tw${k}_${i}${w.tag}`}, ${c}, ${channel}, ${h.purpose}, ${h.status}, ${at}, 'twin', 'v1', ${new Date(Date.now() + i * 1000)})`.execute(d.db);
        }
        const at = new Date(base + askHour * 3_600_000 + 1);
        for (const purpose of ['pd_processing', 'advertising'] as const) {
          const r = await sql<{ v: boolean }>`SELECT consent_granted(${c}, ${channel}, ${purpose}, ${at}) AS v`.execute(d.db);
          // for one purpose alone, "may contact for pd_processing" is exactly "consent in force"
          expect(r.rows[0]!.v, `${purpose} ${JSON.stringify(history)} @${askHour}`).toBe(mayContact(events.filter((e) => e.purpose === purpose).map((e) => ({ ...e, purpose: 'pd_processing' as const })), channel, 'pd_processing', at).allowed);
        }
      },
    ), { numRuns: 40 });
  });

  it('a raw send below floor is refused with the lines named, and maps to the app\'s own message', async () => {
    const p = await createProposal(w.manager, { ...proposalInput(w, 1_000_000), lines: [{ offerId: w.offer.id, quantity: 1, unitPrice: 1_000_000 }, { offerId: w.offer.id, quantity: 1, unitPrice: 9_000_000 }, { offerId: w.offer.id, quantity: 1, unitPrice: 1_000 }] });
    const e = await refusal(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db));
    expect(e.code).toBe(guardCodes.quoteBelowFloor.code);
    const app = guardError(e) as AppError;
    expect(app).toBeInstanceOf(AppError);
    expect(app.params).toEqual({ lines: '1, 3' });
    expect(translate('ru', app.key, app.params)).toContain('(строки 1, 3)');
  });

  it('the feasibility guard checks parameters too: an answer for fewer cores does not back the line', async () => {
    const { company } = await aClientWithContact(w.manager);
    const smaller = await confirmFeasibility(w.manager, w.tech, { companyId: company.id, siteId: w.site.id, serviceKind: 'dedicated', params: { ...w.params, cores: 4 }, quantity: 5 });
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: company.id }));
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${smaller} WHERE version_id = ${p.version.id}`.execute(d.db);
    const e = await refusal(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db));
    expect(e.code).toBe(guardCodes.quoteNoFeasibility.code);
    expect((guardError(e) as AppError).params).toEqual({ lines: '1' });
    // the same answer with enough cores does back it
    const enough = await confirmFeasibility(w.manager, w.tech, { companyId: company.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 5 });
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${enough} WHERE version_id = ${p.version.id}`.execute(d.db);
    await sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db);
  });

  it('every registered guard code is unique and raised by a migration', async () => {
    const codes = Object.values(guardCodes).map((g) => g.code);
    expect(new Set(codes).size).toBe(codes.length);
    const src = (await sql<{ src: string }>`SELECT string_agg(prosrc, ' ') AS src FROM pg_proc WHERE pronamespace = current_schema()::regnamespace`.execute(d.db)).rows[0]!.src;
    for (const c of codes) expect(src, c).toContain(`'${c}'`);
  });
});
