import { beforeAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { testDb, engineName } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { proposalDocx, proposalFileName, proposalPdf } from '../../src/app/quoting/documents.ts';
import { pricingWorld, proposalInput, type World } from './world.ts';

describe(`proposal documents as the client reads them (${engineName})`, () => {
  let w: World;
  beforeAll(async () => { w = await pricingWorld((await testDb()).db); });

  it('file name and title carry the number once; no internal site code; manager contact and lead time; dd.mm.yyyy dates', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const { fileName, pdf } = await proposalPdf(w.manager, p.id);
    expect(fileName).toBe(`KP-${p.number.replace(/^КП-/, '')}-v1.pdf`);
    expect(fileName).not.toMatch(/_|KP-KP|КП/);
    expect(proposalFileName('КП-2026-00003', '1', 'pdf')).toBe('KP-2026-00003-v1.pdf');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain(`Коммерческое предложение № ${p.number}`);
    expect(text).not.toContain(`№ КП ${p.number}`);
    expect(text).not.toContain(w.site.code);
    expect(text).toMatch(/Ваш менеджер: [^,]+, \S+@\S+/);
    expect(text).toMatch(/Срок подключения: \d+ рабоч\S+ д\S+ после подписания договора/);
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    const docx = await proposalDocx(w.manager, p.id);
    expect(docx.fileName).toBe(fileName.replace('.pdf', '.docx'));
    expect(new PizZip(docx.docx).file('word/document.xml')!.asText()).not.toContain(w.site.code);
  });
});
