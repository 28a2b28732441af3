import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { answerFeasibilityRequest, cancelFeasibilityRequest, createFeasibilityRequest, getFeasibilityRequest, listFeasibilityRequests } from '../../src/app/feasibility/requests.ts';
import { findFeasibilityBacking } from '../../src/app/feasibility/find-feasibility-backing.ts';
import { listAllocations, assignResource, expireDue } from '../../src/app/inventory/allocations.ts';
import { capacityForecast, type DemandSource } from '../../src/app/inventory/forecast.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { aStockedSite } from './fixtures.ts';

const DAY = 86_400_000;
const today = () => dateInZone(new Date(), 'Europe/Moscow');
const plusDays = (n: number) => dateInZone(new Date(Date.now() + n * DAY), 'Europe/Moscow');
const at = (ctx: Ctx, ms: number): Ctx => ({ ...ctx, now: () => new Date(Date.now() + ms) });

describe(`feasibility requests and answers (${engineName})`, () => {
  let d: Database;
  let tech: Ctx;
  let manager: Ctx & { userId: string };
  beforeAll(async () => {
    d = await testDb();
    tech = await ctxAs(d.db, 'tech');
    manager = await ctxAs(d.db, 'manager');
  });

  it('manager asks → tech answers with a hold → manager sees the answer and the hold; the manager is e-mailed', async () => {
    const smtp = await startTestSmtp();
    try {
      const s = await aStockedSite(d.db, tech);
      const co = await aCompany(manager);
      const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'dedicated', params: { cores: 16, ramGb: 64 }, quantity: 1, desiredOn: plusDays(10), priority: 'high' });
      expect(req.status).toBe('open');
      const queue = await listFeasibilityRequests(tech, { status: 'open' });
      expect(queue.some((r) => r.id === req.id)).toBe(true);
      const answered = await answerFeasibilityRequest({ ...tech, services: { mailer: smtp.mailer } }, req.id, {
        outcome: 'feasible', leadDays: 3, validUntil: plusDays(14), holds: [{ resource: 'equipment', equipmentId: s.server.id }],
      });
      expect(answered.status).toBe('answered');
      expect(answered.holds).toHaveLength(1);
      expect(answered.holds[0]).toMatchObject({ state: 'held', holdCompanyId: co.id, equipmentId: s.server.id });
      const mine = await listFeasibilityRequests(manager, { mine: true });
      expect(mine.find((r) => r.id === req.id)!.answer).toMatchObject({ outcome: 'feasible', leadDays: 3 });
      const mail = smtp.received.find((m) => m.text?.includes(req.id));
      expect(mail).toBeDefined();
      expect(mail!.subject).toContain('реализуемо');
    } finally {
      await smtp.close();
    }
  });

  it('a conditional answer needs its limits; a negative one holds nothing; validity cannot be in the past', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'colocation', params: { units: 2 }, quantity: 1 });
    await expect(answerFeasibilityRequest(tech, req.id, { outcome: 'conditional', leadDays: 5, validUntil: plusDays(5) })).rejects.toMatchObject({ code: 'validation' });
    await expect(answerFeasibilityRequest(tech, req.id, { outcome: 'not_feasible', validUntil: plusDays(5), holds: [{ resource: 'port', portId: s.port.id }] })).rejects.toMatchObject({ code: 'validation' });
    await expect(answerFeasibilityRequest(tech, req.id, { outcome: 'feasible', leadDays: 1, validUntil: plusDays(-1) })).rejects.toMatchObject({ code: 'validation' });
    await expect(answerFeasibilityRequest(manager, req.id, { outcome: 'feasible', leadDays: 1, validUntil: plusDays(1) })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sql`INSERT INTO feas_answer (id, request_id, outcome, valid_until, quantity, lead_days) VALUES ('fa_bad', ${req.id}, 'conditional', ${plusDays(3)}, 1, 1)`.execute(d.db)).rejects.toThrow(/check/i);
  });

  it('an answer holding a taken resource fails whole: no answer, no partial holds', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    await assignResource(tech, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'client', assignedRef: 'other' });
    const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'internet', params: { mbps: 100 } });
    await expect(answerFeasibilityRequest(tech, req.id, { outcome: 'feasible', leadDays: 2, validUntil: plusDays(7), holds: [{ resource: 'equipment', equipmentId: s.server.id }, { resource: 'port', portId: s.port.id }] })).rejects.toMatchObject({ key: 'e.inv.taken' });
    const full = await getFeasibilityRequest(tech, req.id);
    expect(full.answers).toEqual([]);
    expect(full.status).toBe('open');
    expect(await listAllocations(tech, { holdCompanyId: co.id })).toEqual([]);
  });

  it('holds made by an answer last until the end of its last valid day, then the job frees them', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'dedicated', params: {} });
    const a = await answerFeasibilityRequest(tech, req.id, { outcome: 'feasible', leadDays: 1, validUntil: plusDays(2), holds: [{ resource: 'equipment', equipmentId: s.server.id }] });
    const until = a.holds[0]!.heldUntil!;
    expect(dateInZone(until, 'Europe/Moscow')).toBe(plusDays(2));
    expect(dateInZone(new Date(until.getTime() + 1000), 'Europe/Moscow')).toBe(plusDays(3));
    await expireDue(at(tech, 1 * DAY));
    expect((await listAllocations(tech, { holdCompanyId: co.id }))[0]!.state).toBe('held');
    await expireDue({ ...tech, now: () => new Date(until.getTime() + 1000) });
    expect((await listAllocations(tech, { holdCompanyId: co.id }))[0]!.state).toBe('expired');
  });

  describe('findFeasibilityBacking (for proposals)', () => {
    it('newest positive unexpired covering answer backs the offer; everything else does not', async () => {
      const s = await aStockedSite(d.db, tech);
      const co = await aCompany(manager);
      const other = await aCompany(manager);
      const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'vps', params: { vcpu: 4, ramGb: 8 }, quantity: 3 });
      const ask = { companyId: co.id, siteId: s.site.id, serviceKind: 'vps' as const, params: { vcpu: 4, ramGb: 8 }, quantity: 2 };
      expect(await findFeasibilityBacking(manager, ask)).toBeNull();
      const ans = await answerFeasibilityRequest(tech, req.id, { outcome: 'conditional', limits: 'только после расширения хоста', leadDays: 10, validUntil: plusDays(5), params: { vcpu: 8, ramGb: 16 }, quantity: 3 });
      const backing = await findFeasibilityBacking(manager, ask);
      expect(backing).toEqual({ answerId: ans.answer!.id, outcome: 'conditional', validUntil: plusDays(5) });
      // Covered: up to the confirmed limits and quantity.
      expect(await findFeasibilityBacking(manager, { ...ask, params: { vcpu: 8, ramGb: 16 }, quantity: 3 })).not.toBeNull();
      // Not covered: more quantity, a bigger parameter, a different text parameter, an unconfirmed parameter.
      expect(await findFeasibilityBacking(manager, { ...ask, quantity: 4 })).toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, params: { vcpu: 9 } })).toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, params: { os: 'Windows' } })).toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, params: { gpu: 1 } })).toBeNull();
      // Not covered: another company, another site, no site, another kind.
      expect(await findFeasibilityBacking(manager, { ...ask, companyId: other.id })).toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, siteId: null })).toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, serviceKind: 'dedicated' })).toBeNull();
      // Valid through its last day (Moscow), not a day later.
      expect(await findFeasibilityBacking(at(manager, 5 * DAY), ask)).not.toBeNull();
      expect(await findFeasibilityBacking(at(manager, 6 * DAY), ask)).toBeNull();
      // A newer negative answer withdraws the positive one.
      await answerFeasibilityRequest(tech, req.id, { outcome: 'not_feasible', validUntil: plusDays(5), limits: 'хост выведен' });
      expect(await findFeasibilityBacking(manager, ask)).toBeNull();
    });

    it('a request without a site is backed only for offers without a site; a cancelled request backs nothing', async () => {
      const co = await aCompany(manager);
      const req = await createFeasibilityRequest(manager, { companyId: co.id, address: 'Москва, ул. Льва Толстого, 16', serviceKind: 'internet', params: { mbps: 100 } });
      await answerFeasibilityRequest(tech, req.id, { outcome: 'feasible', leadDays: 20, validUntil: plusDays(30) });
      const ask = { companyId: co.id, siteId: null, serviceKind: 'internet' as const, params: { mbps: 100 }, quantity: 1 };
      expect(await findFeasibilityBacking(manager, ask)).not.toBeNull();
      expect(await findFeasibilityBacking(manager, { ...ask, params: { mbps: 1000 } })).toBeNull();
      await cancelFeasibilityRequest(manager, req.id);
      expect(await findFeasibilityBacking(manager, ask)).toBeNull();
    });
  });

  it('capacity forecast weighs open requests by probability against free capacity; sources are pluggable', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'dedicated', params: {}, quantity: 4, probability: 0.5 });
    const r2 = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'dedicated', params: {}, quantity: 10 });
    await answerFeasibilityRequest(tech, r2.id, { outcome: 'not_feasible', validUntil: plusDays(3), limits: 'нет серверов' });
    await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'dedicated', params: {}, quantity: 5 }); // unanswered: 0.2
    const f = await capacityForecast(tech);
    const servers = f.items.find((i) => i.siteId === s.site.id && i.resource === 'servers')!;
    expect(servers.weightedDemand).toBe(0.5 * 4 + 0.2 * 5);
    expect(servers.free).toBe(1);
    expect(servers.shortfall).toBe(true);
    const proposals: DemandSource = async () => [{ source: 'proposal', ref: 'pr_1', siteId: s.site.id, resource: 'servers', quantity: 2, probability: 0.5 }];
    const g = await capacityForecast(tech, [proposals]);
    expect(g.items.find((i) => i.siteId === s.site.id && i.resource === 'servers')!.weightedDemand).toBe(1);
    expect(today()).toBe(f.today);
  });
});
