import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { getDeal, moveDealStage } from '../../src/app/crm/deals.ts';
import { createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { decideProposal, sendProposal } from '../../src/app/quoting/transitions.ts';
import { dealSales, linkProposalToDeal } from '../../src/app/sales/deal-links.ts';
import { recordPaperDecision } from '../../src/app/flows/online-acceptance.ts';
import { translate } from '../../src/domain/messages.ts';
import { aCompany } from '../helpers/factories.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { rejects } from '../crm/helpers.ts';
import { createDeal } from '../../src/app/crm/deals.ts';
import { proposalInput } from '../quoting/world.ts';
import { anotherDeal, dealProposal, salesWorld, type SalesWorld } from './world.ts';

describe(`deals and proposals belong together; a deal is won only by an accepted proposal (${engineName})`, () => {
  let d: Database;
  let w: SalesWorld;
  beforeAll(async () => { d = await testDb(); w = await salesWorld(d.db); });

  it('a bare «won» is refused by the app (it used to answer with proposalId null) and by the database', async () => {
    const deal = await anotherDeal(w, 'Голый выигрыш');
    const e = await rejects(moveDealStage(w.manager, deal.id, { stage: 'won' }));
    expect(e.key).toBe('e.sales.wonOnlyByAcceptance');
    expect(translate('ru', e.key)).toMatch(/только принятием КП/);
    await expect(sql`UPDATE deal SET stage = 'won' WHERE id = ${deal.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD202' });
    expect((await getDeal(w.manager, deal.id)).deal.outcome).toBe('open');
  });

  it('proposals and feasibility requests are made for a deal of the same client; another client’s deal is refused (app and SQL)', async () => {
    const p = await dealProposal(w);
    expect(p.dealId).toBe(w.deal.id);
    const fr = await createFeasibilityRequest(w.manager, { companyId: w.client.id, dealId: w.deal.id, siteId: w.site.id, serviceKind: 'vps', params: {}, quantity: 1 });
    expect(fr.dealId).toBe(w.deal.id);
    const sales = await dealSales(w.manager, w.deal.id);
    expect(sales.proposals.map((x) => x.id)).toContain(p.id);
    expect(sales.feasibilityRequests.map((x) => x.id)).toContain(fr.id);

    const stranger = await aCompany(w.manager);
    const e = await rejects(createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: stranger.id, dealId: w.deal.id })));
    expect(e.fieldErrors[0]).toMatchObject({ path: 'dealId', key: 'e.sales.dealOtherClient' });
    expect((await rejects(createFeasibilityRequest(w.manager, { companyId: stranger.id, dealId: w.deal.id, siteId: w.site.id, serviceKind: 'vps', quantity: 1 }))).fieldErrors[0]!.path).toBe('dealId');
    const strangerDeal = await createDeal(w.manager, { title: 'Чужая', source: 'referral', companyId: stranger.id });
    await expect(sql`UPDATE proposal SET deal_id = ${strangerDeal.id} WHERE id = ${p.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD201' });
    await expect(sql`UPDATE feas_request SET deal_id = ${strangerDeal.id} WHERE id = ${fr.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD201' });
    expect((await rejects(linkProposalToDeal(w.manager, p.id, strangerDeal.id))).key).toBe('e.sales.dealOtherClient');
  });

  it('accepting a proposal of a deal wins the deal at the proposal’s monthly total; the SQL cannot set another revenue', async () => {
    const deal = await anotherDeal(w, 'Выигрыш принятием');
    const p = await dealProposal({ ...w, deal }, 3_100_000);
    await sendProposal(w.manager, p.id);
    await recordPaperDecision(w.manager, p.id, 'accepted', { contactId: w.contact.id, comment: 'Подписанное КП пришло курьером' });
    const won = (await getDeal(w.manager, deal.id)).deal;
    expect(won).toMatchObject({ outcome: 'won', proposalId: p.id, expectedMonthlyRevenue: 6_200_000n, probability: 100 });
    await expect(sql`UPDATE deal SET expected_monthly_revenue = 1 WHERE id = ${deal.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD204' });
    const decision = await d.db.selectFrom('proposal_decision').selectAll().where('version_id', '=', p.version.id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decision: 'accepted', channel: 'paper', contact_id: w.contact.id, ip: null });
  });

  it('one accepted proposal wins at most one deal (app, unique index by SQL)', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 3_200_000));
    await sendProposal(w.manager, p.id);
    await decideProposal(w.manager, p.id, 'accepted');
    const a = await anotherDeal(w, 'A');
    const b = await anotherDeal(w, 'B');
    await moveDealStage(w.manager, a.id, { stage: 'won', proposalId: p.id });
    expect((await rejects(moveDealStage(w.manager, b.id, { stage: 'won', proposalId: p.id }))).key).toBe('e.sales.proposalAlreadyWon');
    await expect(sql`UPDATE deal SET stage = 'won', proposal_id = ${p.id}, expected_monthly_revenue = 6400000, closed_at = now() WHERE id = ${b.id}`.execute(d.db))
      .rejects.toMatchObject({ code: '23505' });
    // Another client's accepted proposal cannot win this client's deal, even by SQL.
    const other = await aCompany(w.manager);
    const od = await createDeal(w.manager, { title: 'Чужой клиент', source: 'referral', companyId: other.id });
    await expect(sql`UPDATE deal SET stage = 'won', proposal_id = ${p.id}, expected_monthly_revenue = 6400000, closed_at = now() WHERE id = ${od.id}`.execute(d.db))
      .rejects.toMatchObject({ code: 'RD203' });
  });

  it('two deals claiming one accepted proposal at once: exactly one is won', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 3_300_000));
    await sendProposal(w.manager, p.id);
    await decideProposal(w.manager, p.id, 'accepted');
    const deals = await Promise.all(Array.from({ length: 6 }, (_, i) => anotherDeal(w, `Гонка ${i}`)));
    const r = await Promise.allSettled(deals.map((x) => moveDealStage(w.manager, x.id, { stage: 'won', proposalId: p.id })));
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of r) if (x.status === 'rejected') expect((x.reason as { key: string }).key).toBe('e.sales.proposalAlreadyWon');
    const won = await d.db.selectFrom('deal').select('id').where('proposal_id', '=', p.id).where('outcome', '=', 'won').execute();
    expect(won).toHaveLength(1);
  });
});
