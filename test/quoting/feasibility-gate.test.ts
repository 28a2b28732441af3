import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { sendProposal } from '../../src/app/quoting/transitions.ts';
import { AppError } from '../../src/domain/errors.ts';
import { capacityForecast } from '../../src/app/inventory/forecast.ts';
import { translate } from '../../src/domain/messages.ts';
import { aCompany } from '../helpers/factories.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { confirmFeasibility, pricingWorld, proposalInput, type World } from './world.ts';

const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected the call to be refused');
};

describe(`feasibility gate: no offer the tech department has not confirmed (${engineName})`, () => {
  let d: Database;
  let w: World;
  beforeAll(async () => { d = await testDb(); w = await pricingWorld(d.db); });

  it('a proposal for a client without a confirmed answer cannot be sent, and the manager sees why', async () => {
    const other = await aCompany(w.manager);
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: other.id }));
    expect(p.blockers.map((b) => b.key)).toContain('e.quote.noFeasibility');
    const e = await rejects(sendProposal(w.manager, p.id));
    expect(e.key).toBe('e.quote.noFeasibility');
    expect(translate('ru', e.key, e.params)).toBe('Нет действующего подтверждения техотдела (строки 1): запросите техническую возможность для этого клиента, площадки и параметров');
  });

  it('an answer for fewer units, a negative answer, or one that a later "not feasible" withdrew does not back the line', async () => {
    const client = await aCompany(w.manager);
    const ask = { companyId: client.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 1 };
    await confirmFeasibility(w.manager, w.tech, ask);
    const tooMany = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: client.id })); // 2 servers asked, 1 confirmed
    expect((await rejects(sendProposal(w.manager, tooMany.id))).key).toBe('e.quote.noFeasibility');
    const negative = await aCompany(w.manager);
    await confirmFeasibility(w.manager, w.tech, { ...ask, companyId: negative.id, quantity: 5 }, { outcome: 'not_feasible', leadDays: null });
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: negative.id }));
    expect((await rejects(sendProposal(w.manager, p.id))).key).toBe('e.quote.noFeasibility');
  });

  it('sending records on each line the answer it rests on, and the database checks it again', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000));
    const sent = await sendProposal(w.manager, p.id);
    expect(sent.version.status).toBe('sent');
    const lines = await d.db.selectFrom('proposal_line').select(['position', 'feasibility_answer_id']).where('version_id', '=', sent.version.id).execute();
    expect(lines).toEqual([{ position: 1, feasibility_answer_id: w.feasibility }]);
    expect((await getProposal(w.manager, p.id)).lines[0]!.feasibilityAnswerId).toBe(w.feasibility);
  });

  it('a sent proposal feeds the capacity forecast in place of the request it rests on', async () => {
    const client = await aCompany(w.manager);
    await confirmFeasibility(w.manager, w.tech, { companyId: client.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 3 });
    const before = (await capacityForecast(w.tech)).demand.filter((x) => x.siteId === w.site.id && x.resource === 'servers');
    const fromRequest = before.filter((x) => x.source === 'feasibility');
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: client.id }));
    const sent = await sendProposal(w.manager, p.id);
    const after = (await capacityForecast(w.tech)).demand.filter((x) => x.siteId === w.site.id && x.resource === 'servers');
    expect(after.filter((x) => x.source === 'feasibility')).toHaveLength(fromRequest.length - 1);
    expect(after.filter((x) => x.source === 'proposal' && x.ref === sent.lines[0]!.id)).toEqual([
      { source: 'proposal', ref: sent.lines[0]!.id, siteId: w.site.id, resource: 'servers', quantity: 2, probability: 0.5 },
    ]);
  });

  it('a raw status update cannot send lines that rest on a negative answer', async () => {
    const client = await aCompany(w.manager);
    const no = await confirmFeasibility(w.manager, w.tech, { companyId: client.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 5 }, { outcome: 'not_feasible', leadDays: null });
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: client.id }));
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${no} WHERE version_id = ${p.version.id}`.execute(d.db);
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD010' });
    // someone else's confirmation does not count either
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${w.feasibility} WHERE version_id = ${p.version.id}`.execute(d.db);
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${p.version.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD010' });
  });
});
