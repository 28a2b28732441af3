import { beforeAll, describe, expect, it } from 'vitest';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { createFeasibilityRequest, answerFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { createOffer } from '../../src/app/catalog/catalog.ts';
import { AppError } from '../../src/domain/errors.ts';
import { translate } from '../../src/domain/messages.ts';
import { demandOf } from '../../src/domain/feasibility/feasibility.ts';
import { paramMessages, paramsFromText, serviceParams } from '../../src/domain/catalog/service-params.ts';
import { serviceParamSchemas } from '../../src/domain/catalog/catalog.schemas.ts';
import { serviceKinds } from '../../src/domain/catalog/service-kinds.ts';
import { aCompany } from '../helpers/factories.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { pricingWorld, type World } from '../quoting/world.ts';

const refused = async (p: Promise<unknown>): Promise<AppError> => {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected the call to be refused');
};

describe('one parameter vocabulary per service kind', () => {
  it('every parameter has a Russian and an English title, and the catalog schema knows exactly these keys', () => {
    const ru = paramMessages('ru');
    const en = paramMessages('en');
    expect(ru['param.colocation.kw']).toBe('Мощность, кВт');
    expect(en['param.colocation.kw']).toBe('Power, kW');
    for (const kind of serviceKinds) {
      const keys = serviceParams[kind].map((p) => p.key).sort();
      expect(Object.keys(serviceParamSchemas[kind].shape).sort()).toEqual(keys);
      for (const k of keys) expect(/[а-яё]/i.test(en[`param.${kind}.${k}`]!)).toBe(false);
    }
  });

  it('the forecast reads the same keys (колокация: kW → W), and form text becomes typed values', () => {
    expect(demandOf('colocation', { units: 2, kw: 1.5 })).toEqual([
      { resource: 'rack_units', amount: 2 }, { resource: 'power_w', amount: 1500 }, { resource: 'ipv4', amount: 1 },
    ]);
    expect(paramsFromText('colocation', { units: '2', kw: '0,5', ports: '', cpuCores: '8' })).toEqual({ units: 2, kw: 0.5 });
  });
});

describe(`feasibility request and proposal line speak the vocabulary (${engineName})`, () => {
  let w: World;
  beforeAll(async () => { w = await pricingWorld((await testDb()).db); });

  it('a request or an answer with a key outside the vocabulary is refused with the field named', async () => {
    const e = await refused(createFeasibilityRequest(w.manager, { companyId: w.client.id, siteId: w.site.id, serviceKind: 'dedicated', params: { cpuCores: 16 } }));
    expect(e.fieldErrors).toContainEqual(expect.objectContaining({ path: 'params.cpuCores', key: 'v.feas.unknownParam' }));
    const r = await createFeasibilityRequest(w.manager, { companyId: w.client.id, siteId: w.site.id, serviceKind: 'colocation', params: { units: 2, kw: 0.5 } });
    const a = await refused(answerFeasibilityRequest(w.tech, r.id, { outcome: 'feasible', leadDays: 1, validUntil: '2027-12-31', params: { powerW: 500 } }));
    expect(a.fieldErrors).toContainEqual(expect.objectContaining({ path: 'params.powerW' }));
  });

  it('the blocking banner names the line and the parameter no answer covers; an answer from the offer unblocks it', async () => {
    const client = await aCompany(w.manager);
    const params = { units: 2, kw: 1.5, ports: 2, uplinkMbps: 1000, ipv4: 4 };
    const offer = await createOffer(w.management, {
      code: `CL-${w.tag}`, name: `Колокация ${w.tag}`, serviceKind: 'colocation', siteId: w.site.id, params, components: w.components, monthlyPrice: 3_000_000, published: true,
    });
    const input = { companyId: client.id, sellerCompanyId: w.own.id, serviceDate: '2026-12-01', validUntil: '2026-12-31', lines: [{ offerId: offer.id, quantity: 1, unitPrice: 3_000_000 }] };
    let p = await createProposal(w.manager, input);
    const noRequest = p.blockers.find((b) => b.key === 'e.feas.lineNoRequest')!;
    expect(translate('ru', noRequest.key, noRequest.params)).toContain('Строка 1 «Колокация');
    // The tech department confirms less power than the offer asks.
    const req = await createFeasibilityRequest(w.manager, { companyId: client.id, siteId: w.site.id, serviceKind: 'colocation', params, quantity: 1 });
    await answerFeasibilityRequest(w.tech, req.id, { outcome: 'feasible', leadDays: 3, validUntil: '2027-12-31', params: { ...params, kw: 1 } });
    p = await getProposal(w.manager, p.id);
    const gap = p.blockers.find((b) => b.key === 'e.feas.lineParam')!;
    expect(translate('ru', gap.key, gap.params)).toBe(`Строка 1 «Колокация ${w.tag}»: ответ техотдела не покрывает параметр «Мощность, кВт» (в строке 1,5, подтверждено 1)`);
    expect(translate('en', gap.key, gap.params)).toContain('does not cover “Power, kW”');
    // A new request from the offer's own parameters, answered as asked, unblocks the line.
    const again = await createFeasibilityRequest(w.manager, { companyId: client.id, siteId: w.site.id, serviceKind: 'colocation', params: offer.params, quantity: 1 });
    await answerFeasibilityRequest(w.tech, again.id, { outcome: 'feasible', leadDays: 3, validUntil: '2027-12-31' });
    p = await getProposal(w.manager, p.id);
    expect(p.blockers.filter((b) => b.key.startsWith('e.feas.') || b.key === 'e.quote.noFeasibility')).toEqual([]);
  });
});
