import { ipToBigInt } from './inventory.ts';

/**
 * Rules for editing what the tech department allocates from (racks, VPS hosts, uplinks, prefixes). An edit
 * never takes back what is already held or assigned: each rule has its twin trigger in migration 0020
 * (`inv_rack_edit_guard`, `inv_capacity_edit_guard`, `inv_prefix_edit_guard`) with the same SQLSTATE.
 */
export interface EditProblem { path: string; key: string; params: Record<string, string | number> }

/** What a rack already carries: the highest occupied unit and the watts of each feed in active allocations. */
export interface RackUse { topUnit: number; usedAW: number; usedBW: number; allocations: number }

/** A rack may shrink only above its highest occupied unit and its feeds only down to what is allocated. Site moves only when empty. */
export function rackEditProblems(next: { units: number; powerAW: number; powerBW: number; siteChanged: boolean }, use: RackUse): EditProblem[] {
  const out: EditProblem[] = [];
  if (next.units < use.topUnit) out.push({ path: 'units', key: 'e.inv.rackShrink', params: { units: next.units, top: use.topUnit } });
  if (next.powerAW < use.usedAW) out.push({ path: 'powerAW', key: 'e.inv.capacityBelowUse', params: { what: 'A', capacity: next.powerAW, used: use.usedAW } });
  if (next.powerBW < use.usedBW) out.push({ path: 'powerBW', key: 'e.inv.capacityBelowUse', params: { what: 'B', capacity: next.powerBW, used: use.usedBW } });
  if (next.siteChanged && use.allocations > 0) out.push({ path: 'siteId', key: 'e.inv.siteWithAllocations', params: { n: use.allocations } });
  return out;
}

/** A VPS host's capacity (after overcommit) or an uplink's may not go below what is allocated on it. */
export function capacityEditProblems(pairs: { path: string; capacity: number; used: number }[], siteChanged: boolean, allocations: number): EditProblem[] {
  const out: EditProblem[] = pairs.filter((p) => p.capacity < p.used)
    .map((p) => ({ path: p.path, key: 'e.inv.capacityBelowUse', params: { what: p.path, capacity: p.capacity, used: p.used } }));
  if (siteChanged && allocations > 0) out.push({ path: 'siteId', key: 'e.inv.siteWithAllocations', params: { n: allocations } });
  return out;
}

/** Lowest and highest address of a CIDR as integers. */
export function cidrBounds(cidr: string): { v: 4 | 6; first: bigint; last: bigint; length: number } {
  const [addr, len] = cidr.split('/') as [string, string | undefined];
  const { v, n } = ipToBigInt(addr);
  const bits = v === 4 ? 32 : 128;
  const length = len === undefined ? bits : Number(len);
  const size = 1n << BigInt(bits - length);
  const first = (n / size) * size;
  return { v, first, last: first + size - 1n, length };
}

/** Does `inner` lie inside `outer` (both CIDR or single addresses)? */
export function cidrWithin(inner: string, outer: string): boolean {
  const i = cidrBounds(inner);
  const o = cidrBounds(outer);
  return i.v === o.v && i.first >= o.first && i.last <= o.last;
}

/** A prefix may be renumbered only to one that still holds every active allocation of it. */
export function prefixEditProblems(next: string, active: string[]): EditProblem[] {
  const outside = active.filter((a) => !cidrWithin(a, next));
  return outside.length ? [{ path: 'prefix', key: 'e.inv.prefixOrphans', params: { prefix: next, n: outside.length, first: outside[0]! } }] : [];
}

/**
 * The network and broadcast address of an IPv4 prefix shorter than /31 are not hosts: they are never free
 * and never given out as a single address (a whole sub-prefix that includes them may be). IPv6 and /31–/32
 * have no such addresses.
 */
export function isReservedAddress(prefix: string, address: string): boolean {
  const p = cidrBounds(prefix);
  const a = cidrBounds(address);
  if (p.v !== 4 || a.v !== 4 || p.length > 30 || a.length !== 32) return false;
  return a.first === p.first || a.first === p.last;
}

/**
 * Addresses of a prefix: total, usable (without network and broadcast of IPv4 shorter than /31), taken by
 * active allocations (counting each address once, reserved ones not at all) and free.
 */
export function prefixCounts(prefix: string, active: string[]): { size: bigint; usable: bigint; used: bigint; free: bigint } {
  const p = cidrBounds(prefix);
  const size = p.last - p.first + 1n;
  const reserved = p.v === 4 && p.length <= 30;
  const lo = reserved ? p.first + 1n : p.first;
  const hi = reserved ? p.last - 1n : p.last;
  const usable = hi >= lo ? hi - lo + 1n : 0n;
  const ranges = active.map(cidrBounds).filter((r) => r.v === p.v)
    .map((r) => ({ s: r.first < lo ? lo : r.first, e: r.last > hi ? hi : r.last })).filter((r) => r.e >= r.s)
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  let used = 0n;
  let cursor = lo - 1n;
  for (const r of ranges) {
    const s = r.s > cursor ? r.s : cursor + 1n;
    if (r.e >= s) used += r.e - s + 1n;
    if (r.e > cursor) cursor = r.e;
  }
  return { size, usable, used, free: usable - used };
}

/** Demand the free capacity cannot cover: missing capacity counts as none at all, so nothing hides a shortfall. */
export function shortfallOf(demand: number, free: number | null): number {
  const gap = demand - Math.max(0, free ?? 0);
  return gap > 0 ? Math.round(gap * 100) / 100 : 0;
}
