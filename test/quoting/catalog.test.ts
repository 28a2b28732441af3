import { beforeAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { testDb, engineName } from '../helpers/db.ts';
import type { Database } from '../../src/db/connect.ts';
import { createOption, listOffers, listOptions, updateOffer } from '../../src/app/catalog/catalog.ts';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { approveProposal, submitForApproval } from '../../src/app/quoting/transitions.ts';
import { defaultProposalTemplate, proposalDocx, setProposalTemplate } from '../../src/app/quoting/documents.ts';
import { ctxAs } from '../helpers/factories.ts';
import { pricingWorld, proposalInput, type World } from './world.ts';

describe(`catalog, roles and concurrency (${engineName})`, () => {
  let database: Database;
  let w: World;
  beforeAll(async () => { database = await testDb(); w = await pricingWorld(database.db); });

  it('offers carry typed parameters, cost, floor and margin; edits are guarded by version; unpublished offers are not quotable', async () => {
    const o = (await listOffers(w.manager)).find((x) => x.id === w.offer.id)!;
    expect([o.unitCost, o.unitFloor, o.marginPct, o.belowFloor]).toEqual([1_683_000n, 2_103_800n, '32.7', false]);
    await expect(updateOffer(w.management, w.offer.id, { params: { ...w.params, cores: 'eight' } })).rejects.toMatchObject({ code: 'validation' });
    await expect(updateOffer(w.management, w.offer.id, { serviceKind: 'vps' })).rejects.toMatchObject({ code: 'validation' });
    await expect(updateOffer(w.manager, w.offer.id, { published: false })).rejects.toMatchObject({ code: 'forbidden' });
    const hidden = await updateOffer(w.management, w.offer.id, { published: false, version: w.offer.version });
    await expect(updateOffer(w.management, w.offer.id, { published: true, version: w.offer.version })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createProposal(w.manager, proposalInput(w, 2_500_000))).rejects.toMatchObject({ key: 'e.quote.offerNotPublished' });
    await updateOffer(w.management, w.offer.id, { published: true, version: hidden.version });
  });

  it('options have a unit, a monthly price and a setup fee; codes are unique', async () => {
    const o = await createOption(w.management, { code: `IP-${w.tag}`, name: 'Дополнительный IPv4', unit: 'ipv4', monthlyPrice: '15000', setupFee: 0, sku: w.sku.ip });
    expect((await listOptions(w.manager)).find((x) => x.id === o.id)).toMatchObject({ unit: 'ipv4', monthlyPrice: 15_000n });
    await expect(createOption(w.management, { code: `IP-${w.tag}`, name: 'x', unit: 'ipv4', monthlyPrice: 1 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createOption(w.management, { code: `KW-${w.tag}`, name: 'x', unit: 'kWh', monthlyPrice: -1 })).rejects.toMatchObject({ code: 'validation' });
  });

  it('tech and facilities read proposals but cannot write or approve them', async () => {
    const tech = await ctxAs(database.db, 'tech');
    await expect(createProposal(tech, proposalInput(w, 2_500_000))).rejects.toMatchObject({ code: 'forbidden' });
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    await submitForApproval(w.manager, p.id);
    await expect(approveProposal(tech, p.id, { reason: 'не моё' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getProposal(tech, p.id)).id).toBe(p.id);
  });

  it('two managers of management approving at once: one approval, the other is refused', async () => {
    const boss2 = await ctxAs(database.db, 'management');
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    await submitForApproval(w.manager, p.id);
    const results = await Promise.allSettled([
      approveProposal(w.management, p.id, { reason: 'первый' }), approveProposal(boss2, p.id, { reason: 'второй' }),
      approveProposal(w.management, p.id, { reason: 'третий' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await getProposal(w.manager, p.id)).approvals).toHaveLength(1);
  });

  it('the company edits its Word template; a broken one is refused', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const zip = new PizZip(defaultProposalTemplate());
    const xml = zip.file('word/document.xml')!.asText().replace('Коммерческое предложение №', 'Наше предложение для {clientName} (ИНН {clientInn}) №');
    zip.file('word/document.xml', xml);
    await expect(setProposalTemplate(w.manager, zip.generate({ type: 'nodebuffer' }), 't.docx')).rejects.toMatchObject({ code: 'forbidden' });
    await setProposalTemplate(w.management, zip.generate({ type: 'nodebuffer' }), 't.docx');
    const out = new PizZip((await proposalDocx(w.manager, p.id)).docx).file('word/document.xml')!.asText();
    expect(out).toContain(`Наше предложение для ООО «Клиент ${w.tag}» (ИНН ${w.client.inn}) №`);
    const broken = new PizZip(defaultProposalTemplate());
    broken.file('word/document.xml', broken.file('word/document.xml')!.asText().replace('{number}', '{number'));
    await expect(setProposalTemplate(w.management, broken.generate({ type: 'nodebuffer' }), 'b.docx')).rejects.toMatchObject({ code: 'validation' });
    await setProposalTemplate(w.management, defaultProposalTemplate(), 'default.docx');
  });
});
