import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeCtx } from '../../src/app/context.ts';
import { exportData, importData } from '../../src/app/system/dump.ts';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { approveProposal, sendProposal, submitForApproval } from '../../src/app/quoting/transitions.ts';
import { engineName, freshDatabase } from '../helpers/db.ts';
import { pricingWorld, proposalInput } from './world.ts';

describe(`proposals survive a dump and load (${engineName})`, () => {
  it('sent, approved below-floor proposals load into an empty database; the guards hold there afterwards', async () => {
    const source = await freshDatabase();
    const target = await freshDatabase();
    try {
      const w = await pricingWorld(source.db);
      const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
      await submitForApproval(w.manager, p.id);
      await approveProposal(w.management, p.id, { reason: 'Согласовано' });
      await sendProposal(w.manager, p.id);
      const draft = await createProposal(w.manager, proposalInput(w, 1_900_000));
      const lines: string[] = [];
      await exportData(makeCtx(source.db), source.engine, (l) => { lines.push(l); });
      const counts = await importData(makeCtx(target.db), lines);
      expect([counts.proposal, counts.proposal_version, counts.proposal_line, counts.proposal_approval, counts.pricing_formula]).toEqual([2, 2, 2, 1, 1]);
      const ctx = { ...w.manager, db: target.db };
      const after = await getProposal(ctx, p.id);
      expect(after.version.status).toBe('sent');
      expect(after.approvals[0]!.valid).toBe(true);
      // the loading switch was for the load's transaction only: the floor guard is back
      await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${draft.version.id}`.execute(target.db)).rejects.toMatchObject({ code: 'RD001' });
      // numbering continues after the loaded proposals
      const next = await createProposal({ ...ctx, db: target.db }, proposalInput(w, 2_500_000));
      expect(next.number > draft.number).toBe(true);
    } finally {
      await source.close();
      await target.close();
    }
  }, 120_000);
});
