import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { getDeal } from '../../src/app/crm/deals.ts';
import { getProposal } from '../../src/app/quoting/proposals.ts';
import { sendProposal } from '../../src/app/quoting/transitions.ts';
import { answerOnline, emailProposal, proposalDelivery, publicProposal } from '../../src/app/flows/online-acceptance.ts';
import { tokenHash } from '../../src/app/sales/links.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { rejects } from '../crm/helpers.ts';
import { anotherDeal, dealProposal, salesWorld, type SalesWorld } from './world.ts';

const BASE = 'https://desk.example.test';
const tokenIn = (m: ParsedMail) => /\/offer\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!;

describe(`the client accepts online through a personal link (${engineName})`, () => {
  let d: Database;
  let w: SalesWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let manager: Ctx;
  beforeAll(async () => {
    d = await testDb(); w = await salesWorld(d.db); smtp = await startTestSmtp();
    manager = { ...w.manager, services: { mailer: smtp.mailer } };
  });
  afterAll(async () => { await smtp.close(); });

  const mailTo = (email: string) => smtp.received.filter((m) => (m.to as { text: string }).text.includes(email)).at(-1)!;

  it('sending e-mails the PDF and a personal link; only the token’s hash is stored; the page shows exactly the sent version', async () => {
    const p = await dealProposal(w, 3_000_000);
    const r = await emailProposal(manager, p.id, { contactId: w.contact.id }, BASE);
    expect(r.proposal.version.status).toBe('sent');
    const mail = mailTo(w.contact.emails[0]!);
    expect(mail.subject).toBe(`Коммерческое предложение ${p.number} от Хостер ${w.tag}`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`KP-${p.number.replace(/^КП-/, '')}-v1.pdf`, 'application/pdf']]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const token = tokenIn(mail);
    const stored = await d.db.selectFrom('public_link').selectAll().where('id', '=', r.link.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(tokenHash(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    // Logged on the deal's timeline as a service e-mail (the contact gave no advertising consent, and none is needed).
    const act = await d.db.selectFrom('activity').selectAll().where('deal_id', '=', w.deal.id).where('kind', '=', 'email').executeTakeFirstOrThrow();
    expect(act).toMatchObject({ purpose: 'service', email_to: w.contact.emails[0], contact_id: w.contact.id });
    expect(act.body).not.toContain(token);

    const view = await publicProposal(manager, token);
    expect(view.state).toBe('open');
    expect(view.proposal!.version.sentHash).toBe(r.proposal.version.sentHash);
    expect((await proposalDelivery(manager, p.id)).links[0]).toMatchObject({ state: 'active', email: w.contact.emails[0], version: 1 });
  });

  it('accepting records time, IP and the sent hash, wins the deal at the monthly total; the used link says so', async () => {
    const deal = await anotherDeal(w, 'Онлайн-принятие');
    await d.db.updateTable('deal').set({ contact_id: w.contact.id }).where('id', '=', deal.id).execute();
    const p = await dealProposal({ ...w, deal }, 3_050_000);
    await emailProposal(manager, p.id, { contactId: w.contact.id }, BASE);
    const token = tokenIn(mailTo(w.contact.emails[0]!));
    await answerOnline(manager, token, { decision: 'accepted', comment: 'Согласны, ждём договор' }, '203.0.113.7');
    const after = await getProposal(manager, p.id);
    expect(after.version.status).toBe('accepted');
    const dec = await d.db.selectFrom('proposal_decision').selectAll().where('version_id', '=', after.version.id).executeTakeFirstOrThrow();
    expect(dec).toMatchObject({ decision: 'accepted', channel: 'online', ip: '203.0.113.7', content_hash: after.version.sentHash, comment: 'Согласны, ждём договор', contact_id: w.contact.id });
    expect((await getDeal(manager, deal.id)).deal).toMatchObject({ outcome: 'won', proposalId: p.id, expectedMonthlyRevenue: 6_100_000n });
    expect((await rejects(answerOnline(manager, token, { decision: 'declined' }, '203.0.113.8'))).key).toBe('e.sales.linkUsed');
    expect((await publicProposal(manager, token)).state).toBe('accepted');
    // The answer and the link are append-only / used once, even by SQL.
    await expect(sql`UPDATE proposal_decision SET ip = '1.1.1.1' WHERE id = ${dec.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE public_link SET used_at = NULL WHERE token_hash = ${tokenHash(token)}`.execute(d.db)).rejects.toMatchObject({ code: 'RD222' });
  });

  it('declining with a comment; an expired or unknown link is refused clearly', async () => {
    const p = await dealProposal({ ...w, deal: await anotherDeal(w, 'Отказ') }, 3_000_000);
    await emailProposal(manager, p.id, { contactId: w.contact.id }, BASE);
    const token = tokenIn(mailTo(w.contact.emails[0]!));
    const later: Ctx = { ...manager, now: () => new Date(Date.now() + 60 * 86_400_000) };
    expect((await rejects(answerOnline(later, token, { decision: 'accepted' }, '203.0.113.9'))).key).toBe('e.sales.linkExpired');
    expect((await publicProposal(later, token)).state).toBe('expired');
    expect((await rejects(answerOnline(manager, 'x'.repeat(43), { decision: 'accepted' }, '203.0.113.9'))).key).toBe('e.sales.linkUnknown');
    await answerOnline(manager, token, { decision: 'declined', comment: 'Дорого' }, '203.0.113.9');
    expect((await getProposal(manager, p.id)).version.status).toBe('declined');
  });

  it('a status change to accepted without a recorded answer is refused by the database (RD220)', async () => {
    const p = await dealProposal({ ...w, deal: await anotherDeal(w, 'SQL') }, 3_000_000);
    await sendProposal(manager, p.id);
    await expect(sql`UPDATE proposal_version SET status = 'accepted' WHERE id = ${p.version.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD220' });
  });

  it('a mail server that refuses the message leaves the proposal unsent and no link behind', async () => {
    const p = await dealProposal({ ...w, deal: await anotherDeal(w, 'Сбой почты') }, 3_000_000);
    const broken: Ctx = { ...manager, services: { mailer: { send: async () => { throw new Error('550 mailbox unavailable'); } } } };
    expect((await rejects(emailProposal(broken, p.id, { contactId: w.contact.id }, BASE))).key).toBe('e.crm.mailFailed');
    expect((await getProposal(manager, p.id)).version.status).toBe('draft');
    expect((await proposalDelivery(manager, p.id)).links).toEqual([]);
  });

  it('two answers at once over two links of one version: exactly one wins', async () => {
    const deal = await anotherDeal(w, 'Гонка принятий');
    const p = await dealProposal({ ...w, deal }, 3_000_000);
    await emailProposal(manager, p.id, { contactId: w.contact.id }, BASE);
    const t1 = tokenIn(mailTo(w.contact.emails[0]!));
    await emailProposal(manager, p.id, { contactId: w.contact.id }, BASE);
    const t2 = tokenIn(mailTo(w.contact.emails[0]!));
    expect(t2).not.toBe(t1);
    const r = await Promise.allSettled([t1, t2, t1, t2].map((t, i) => answerOnline(manager, t, { decision: i % 2 ? 'declined' : 'accepted' }, `198.51.100.${i}`)));
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const decisions = await d.db.selectFrom('proposal_decision').select('decision').where('version_id', '=', p.version.id).execute();
    expect(decisions).toHaveLength(1);
    expect((await getProposal(manager, p.id)).version.status).toBe(decisions[0]!.decision);
  });
});
