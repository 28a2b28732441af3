import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createDeal, moveDealStage } from '../../src/app/crm/deals.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { decideProposal, sendProposal } from '../../src/app/quoting/transitions.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany } from '../helpers/factories.ts';
import { pricingWorld, proposalInput, type World } from '../quoting/world.ts';

describe(`a deal is won by the proposal its client accepted (C7/C9, ${engineName})`, () => {
  let d: Database;
  let w: World;
  beforeAll(async () => { d = await testDb(); w = await pricingWorld(d.db); });

  it('refuses a sent-but-not-accepted proposal and another client’s proposal; accepts the accepted one', async () => {
    const deal = await createDeal(w.manager, { title: 'Два сервера', source: 'cold_call', companyId: w.client.id, serviceKind: 'dedicated', expectedMonthlyRevenue: '60 000', nextStep: 'КП', nextStepDue: '2026-12-01' });
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000));
    await sendProposal(w.manager, p.id);
    const notYet = await moveDealStage(w.manager, deal.id, { stage: 'won', proposalId: p.id }).catch((e: unknown) => e);
    expect(notYet).toBeInstanceOf(AppError);
    expect((notYet as AppError).key).toBe('e.crm.proposalNotAccepted');

    const other = await aCompany(w.manager);
    const otherDeal = await createDeal(w.manager, { title: 'Чужое КП', source: 'cold_call', companyId: other.id, nextStep: 'x', nextStepDue: '2026-12-01' });
    await decideProposal(w.manager, p.id, 'accepted');
    await expect(moveDealStage(w.manager, otherDeal.id, { stage: 'won', proposalId: p.id })).rejects.toMatchObject({ key: 'e.crm.proposalNotAccepted' });

    const won = await moveDealStage(w.manager, deal.id, { stage: 'won', proposalId: p.id });
    expect(won).toMatchObject({ outcome: 'won', proposalId: p.id });
    await expect(sql`UPDATE deal SET proposal_id = 'qt_nonexistent' WHERE id = ${deal.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD202' });
    await expect(sql`UPDATE deal SET proposal_id = 'qt_nonexistent' WHERE id = ${otherDeal.id}`.execute(d.db)).rejects.toThrow(/foreign key/);
  });
});
