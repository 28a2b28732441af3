import { describe, expect, it } from 'vitest';
import { demandReport } from './demand.ts';
import { attribute, parseSpendRows } from './spend.ts';

describe('attribution by UTM campaign', () => {
  const spend = [
    { campaign: 'yd-vps', month: '2026-10', amount: 3_000_000n },
    { campaign: 'yd-vps', month: '2026-11', amount: 3_000_000n },
    { campaign: 'ga-colo', month: '2026-11', amount: 1_000_000n },
    { campaign: 'yd-vps', month: '2026-12', amount: 9_900_000n }, // outside the range
  ];
  const lead = (campaign: string | null, month: string, outcome: 'open' | 'won' | 'lost', rev = 0n) => ({ campaign, month, outcome, monthlyRevenue: rev });
  it('spend, leads, clients, revenue, cost per lead and per client', () => {
    const rows = attribute(spend, [
      lead('YD-VPS', '2026-10', 'won', 500_000n), lead('yd-vps', '2026-11', 'lost'), lead('yd-vps', '2026-11', 'open'),
      lead('ga-colo', '2026-11', 'open'), lead(null, '2026-11', 'won', 100_000n), lead('yd-vps', '2026-09', 'won', 1n),
    ], '2026-10', '2026-11');
    expect(rows.map((r) => r.campaign)).toEqual(['yd-vps', 'ga-colo', '']);
    // nothing invoiced yet: no real client, so no cost per client
    expect(rows[0]).toEqual({ campaign: 'yd-vps', spend: 6_000_000n, leads: 3, won: 1, lost: 1, revenue: 500_000n, invoiced: 0n, invoicedByMonth: [], invoicedMonthly: 0n, clients: 0, costPerLead: 2_000_000n, costPerClient: null });
    expect(rows[1]).toMatchObject({ spend: 1_000_000n, leads: 1, won: 0, costPerLead: 1_000_000n, costPerClient: null });
    expect(rows[2]).toMatchObject({ spend: 0n, leads: 1, won: 1, costPerLead: null, costPerClient: null });
  });
  it('revenue as invoiced: net of corrections, per month, per client; cost per client on the clients billed', () => {
    const won = (campaign: string, month: string, companyId: string, rev: bigint) => ({ ...lead(campaign, month, 'won', rev), companyId });
    const rows = attribute(spend, [
      won('yd-vps', '2026-10', 'c1', 500_000n), won('yd-vps', '2026-11', 'c2', 700_000n), won('yd-vps', '2026-11', 'c3', 900_000n),
      won('ga-colo', '2026-11', 'c1', 1n), // c1 came first by yd-vps: its invoices stay there
    ], '2026-10', '2026-11', [
      { companyId: 'c1', month: '2026-11', net: 450_000n }, { companyId: 'c1', month: '2026-12', net: 450_000n },
      { companyId: 'c1', month: '2026-12', net: -150_000n }, // a correction of December's invoice
      { companyId: 'c2', month: '2026-12', net: 700_001n },
      { companyId: 'c9', month: '2026-12', net: 5n }, // not a client of any campaign
    ]);
    const vps = rows.find((r) => r.campaign === 'yd-vps')!;
    expect(vps).toMatchObject({ won: 3, revenue: 2_100_000n, invoiced: 1_450_001n, clients: 2, costPerClient: 3_000_000n });
    expect(vps.invoicedByMonth).toEqual([{ month: '2026-11', net: 450_000n }, { month: '2026-12', net: 1_000_001n }]);
    // c1: 750 000 over 2 months → 375 000; c2: 700 001 over 1 month
    expect(vps.invoicedMonthly).toBe(1_075_001n);
    expect(rows.find((r) => r.campaign === 'ga-colo')).toMatchObject({ won: 1, invoiced: 0n, clients: 0, costPerClient: null });
  });
  it('rounds cost per lead once, half away from zero', () => {
    const [r] = attribute([{ campaign: 'c', month: '2026-11', amount: 100n }], [lead('c', '2026-11', 'open'), lead('c', '2026-11', 'open'), lead('c', '2026-11', 'open')], '2026-11', '2026-11');
    expect(r!.costPerLead).toBe(33n);
  });
});

describe('spend file', () => {
  it('reads rows and names bad lines and repeated campaign-months', () => {
    const ok = parseSpendRows(['campaign', 'month', 'amount'], [{ line: 2, cells: ['YD-VPS', '2026-11', '30 000'] }]);
    expect(ok.rows[0]).toMatchObject({ campaign: 'yd-vps', month: '2026-11', amount: 3_000_000n, line: 2 });
    const bad = parseSpendRows(['кампания', 'месяц', 'сумма'], [
      { line: 2, cells: ['yd vps', '2026-13', '-5'] }, { line: 3, cells: ['a', '2026-11', '1'] }, { line: 4, cells: ['A', '2026-11', '2'] },
    ]);
    expect(bad.rows).toEqual([]);
    expect(bad.errors.map((e) => e.path)).toEqual(['line 2.campaign', 'line 2.month', 'line 2.amount', 'line 4.campaign']);
  });
});

describe('demand report', () => {
  it('groups by month, kind and site with refusals, losses and their reasons', () => {
    const rows = demandReport([
      { origin: 'lead', month: '2026-11', serviceKind: 'vps', siteId: 's1', outcome: 'lost', reason: 'price', budget: 100n, quantity: 1 },
      { origin: 'lead', month: '2026-11', serviceKind: 'vps', siteId: 's1', outcome: 'won', reason: null, budget: 200n, quantity: 1 },
      { origin: 'feasibility', month: '2026-11', serviceKind: 'vps', siteId: 's1', outcome: 'refused', reason: 'нет ёмкости', budget: 0n, quantity: 3 },
      { origin: 'lead', month: '2026-10', serviceKind: null, siteId: null, outcome: 'lost', reason: 'price', budget: 0n, quantity: 1 },
    ]);
    expect(rows.map((r) => `${r.month}|${r.serviceKind}|${r.siteId}`)).toEqual(['2026-11|vps|s1', '2026-10||']);
    expect(rows[0]).toMatchObject({ leads: 2, requests: 1, won: 1, lost: 1, refused: 1, budget: 300n, quantity: 5 });
    expect(rows[0]!.reasons).toEqual([{ reason: 'price', count: 1 }, { reason: 'нет ёмкости', count: 1 }]);
  });
});
