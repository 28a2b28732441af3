import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { reviseProposal, sendProposal } from '../../src/app/quoting/transitions.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { testServer } from '../helpers/server.ts';
import { pricingWorld, proposalInput, type World } from './world.ts';

/** Concurrency is real on PostgreSQL (a pool of connections); on PGlite the requests queue and the same answers must come. */
describe(`revising one proposal many times at once (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let w: World;
  let headers: Record<string, string>;
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d);
    w = await pricingWorld(d.db);
    const { email } = await d.db.selectFrom('app_user').select('email').where('id', '=', w.manager.actor.id!).executeTakeFirstOrThrow();
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct-horse-battery' } });
    headers = { authorization: `Bearer ${login.json().token as string}` };
  });
  afterAll(async () => { await app.close(); });

  const versions = async (proposalId: string) =>
    (await d.db.selectFrom('proposal_version').select(['version', 'status']).where('proposal_id', '=', proposalId).orderBy('version').execute());
  const revisions = async (proposalId: string) =>
    (await d.db.selectFrom('audit_log').select('id').where('entity_id', '=', proposalId).where('action', '=', 'revise').execute()).length;

  it('50 parallel POST …/revise of a sent proposal: one new draft, 49 clear 409 problems, never a 500', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    await sendProposal(w.manager, p.id);
    const answers = await Promise.all(Array.from({ length: 50 }, () =>
      app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/revise`, headers })));
    const byStatus = new Map<number, number>();
    for (const r of answers) byStatus.set(r.statusCode, (byStatus.get(r.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 200: 1, 409: 49 });
    for (const r of answers.filter((x) => x.statusCode === 409)) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'conflict', key: 'e.quote.alreadyRevised', detail: `КП ${p.number} уже пересмотрено: версия 2 ещё не отправлена — продолжайте с ней` });
    }
    expect(answers.find((x) => x.statusCode === 200)!.json().version).toMatchObject({ version: 2, status: 'draft' });
    expect(await versions(p.id)).toEqual([{ version: 1, status: 'sent' }, { version: 2, status: 'draft' }]);
    expect(await revisions(p.id)).toBe(1);
  });

  it('a revise after the draft exists is the same 409; a draft never sent still says it is editable (422)', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const never = await reviseProposal(w.manager, p.id).catch((e: unknown) => e);
    expect(never).toBeInstanceOf(AppError);
    expect(never).toMatchObject({ code: 'rule', key: 'e.quote.reviseNotNeeded' });
    await sendProposal(w.manager, p.id);
    await reviseProposal(w.manager, p.id);
    const again = await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/revise`, headers: { ...headers, 'accept-language': 'en' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(`Proposal ${p.number} has already been revised: version 2 has not been sent yet, continue with it`);
    expect(await versions(p.id)).toHaveLength(2);
  });
});
