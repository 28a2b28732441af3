import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { makeCtx } from '../../src/app/context.ts';
import { assignPlan, createPlan } from '../../src/app/compensation/plans.ts';
import { createUser } from '../../src/app/parties/users.ts';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { pdfText } from '../helpers/pdf.ts';
import { loginAs, testServer } from '../helpers/server.ts';

describe(`payroll over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('management sets a plan and a bonus; the manager reads only their own statement, with readable lines', async () => {
    const boss = await loginAs(app, d, 'management');
    const m = await loginAs(app, d, 'manager');
    const other = await loginAs(app, d, 'manager');
    const plan = await app.inject({ method: 'POST', url: '/api/v1/payroll/plans', headers: boss.headers, payload: {
      name: `Менеджер ${m.user.id}`, version: { validFrom: '2026-01-01', baseSalary: '50 000', managementBonusCap: '10 000', acquisitionRate: '50', handlingRate: '20', retentionRate: '5' },
    } });
    expect(plan.statusCode).toBe(201);
    const planId = (plan.json() as { id: string }).id;
    expect((await app.inject({ method: 'POST', url: '/api/v1/payroll/assignments', headers: boss.headers, payload: { userId: m.user.id, planId, validFrom: '2026-11-01' } })).statusCode).toBe(204);
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/payroll/management-bonuses', headers: { ...boss.headers, 'accept-language': 'ru' }, payload: { userId: m.user.id, month: '2026-11', amount: '12 000', comment: 'x' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('не может превышать 10');
    expect((await app.inject({ method: 'PUT', url: '/api/v1/payroll/management-bonuses', headers: boss.headers, payload: { userId: m.user.id, month: '2026-11', amount: '7 500', comment: 'хорошо' } })).statusCode).toBe(204);
    // Managers cannot set bonuses.
    expect((await app.inject({ method: 'PUT', url: '/api/v1/payroll/management-bonuses', headers: m.headers, payload: { userId: m.user.id, month: '2026-11', amount: '10 000', comment: 'сам себе' } })).statusCode).toBe(403);

    const own = await app.inject({ method: 'GET', url: `/api/v1/payroll/statements/${m.user.id}/2026-11`, headers: { ...m.headers, 'accept-language': 'ru' } });
    expect(own.statusCode).toBe(200);
    const s = own.json() as { total: string; lines: { kind: string; amount: string; text: string }[] };
    expect(s.total).toBe('5750000');
    expect(s.lines.find((l) => l.kind === 'management')!.text).toBe('Оценка руководителя: хорошо');
    expect((await app.inject({ method: 'GET', url: `/api/v1/payroll/statements/${m.user.id}/2026-11`, headers: other.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/v1/payroll/statements/${m.user.id}/2026-13`, headers: boss.headers })).statusCode).toBe(400);

    const pdf = await app.inject({ method: 'GET', url: `/api/v1/payroll/statements/${m.user.id}/2026-11?format=pdf`, headers: boss.headers });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Расчётный лист');
    expect(text).toContain('57 500,00');
    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/payroll/summary/2026-11?format=xlsx', headers: boss.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const ok = await app.inject({ method: 'POST', url: `/api/v1/payroll/statements/${m.user.id}/2026-11/approve`, headers: boss.headers });
    expect(ok.statusCode).toBe(200);
    const again = await app.inject({ method: 'POST', url: `/api/v1/payroll/statements/${m.user.id}/2026-11/approve`, headers: boss.headers });
    expect(again.statusCode).toBe(409);
  });
});

describe(`payroll CLI (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('prints a statement, writes its PDF and closes a month; a bad month exits 2', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-payroll-cli-', env: { RACKDESK_DEMO: '0' } });
    expect((await runCliCapture(env, 'migrate')).code).toBe(0);
    const db = await openDatabase(loadConfig(env));
    let userId: string;
    try {
      const ctx = makeCtx(db.db);
      const { user } = await createUser(ctx, { email: 'cli.manager@test.local', fullName: 'Ирина Кузнецова', role: 'manager', password: 'correct-horse-battery' });
      userId = user.id;
      const plan = await createPlan(ctx, { name: 'Стандарт', version: { validFrom: '2026-01-01', baseSalary: '50 000', managementBonusCap: '10 000', acquisitionRate: '50', handlingRate: '20', retentionRate: '5' } });
      await assignPlan(ctx, { userId, planId: plan.id, validFrom: '2026-10-01' });
    } finally {
      await db.close();
    }
    const text = await runCliCapture(env, 'payroll', 'statement', '--manager', userId, '--month', '2026-10');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Ирина Кузнецова · 2026-10 · Стандарт');
    expect(text.out).toMatch(/50\u00a0000,00\u00a0₽\s+Оклад/);
    const out = join(env.RACKDESK_DATA_DIR, 'st.pdf');
    expect((await runCliCapture(env, 'payroll', 'statement', '--manager', userId, '--month', '2026-10', '--format', 'pdf', '--out', out)).code).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('%PDF');
    const closed = await runCliCapture(env, 'payroll', 'close', '--month', '2026-10');
    expect(closed.code).toBe(0);
    expect(closed.out).toContain('Утверждено ведомостей: 1');
    expect((await runCliCapture(env, 'payroll', 'close', '--month', '2026-1')).code).toBe(2);
  });
});
