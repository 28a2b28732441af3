/** Resources the tech department allocates (C5, C6). */
export const resourceKinds = ['rack_units', 'equipment', 'port', 'ip', 'vps', 'uplink'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

/** Life of an allocation: free → held → assigned → releasing → (cooldown for IPs) → free. */
export const allocationStates = ['held', 'assigned', 'releasing', 'cooldown', 'expired', 'cancelled', 'released'] as const;
export type AllocationState = (typeof allocationStates)[number];
/** States in which the resource is not free. */
export const activeStates = ['held', 'assigned', 'releasing', 'cooldown'] as const satisfies readonly AllocationState[];

/** Who a resource is assigned to; services belong to billing, so the reference carries no foreign key. */
export const assignedKinds = ['service', 'client', 'project', 'equipment'] as const;
export type AssignedKind = (typeof assignedKinds)[number];

const transitions: Record<AllocationState, readonly AllocationState[]> = {
  held: ['assigned', 'cancelled', 'expired'],
  assigned: ['releasing'],
  releasing: ['released', 'cooldown'],
  cooldown: ['released'],
  expired: [], cancelled: [], released: [],
};

/** Whether an allocation may move from one state to another (the DB trigger enforces the same table). */
export const canTransition = (from: AllocationState, to: AllocationState): boolean => transitions[from].includes(to);

/** Rack faces: a full-depth device takes both; half-depth devices may share a unit front and rear. */
export const faces = ['front', 'rear', 'both'] as const;
export type Face = (typeof faces)[number];
/** The face as an integer range, so the exclusion constraint can test overlap (front [0,1), rear [1,2)). */
export const depthRange = (f: Face): string => (f === 'front' ? '[0,1)' : f === 'rear' ? '[1,2)' : '[0,2)');
export const faceOfDepth = (depth: string): Face => (depth === '[0,1)' ? 'front' : depth === '[1,2)' ? 'rear' : 'both');

/** `[from, from+height)` as a PostgreSQL int4range literal. */
export const unitRange = (from: number, height: number): string => `[${from},${from + height})`;
/** Parses `[3,5)` into { from: 3, height: 2 }. */
export function parseUnitRange(r: string): { from: number; height: number } {
  const m = /^\[(\d+),(\d+)\)$/.exec(r);
  if (!m) throw new Error(`bad range ${r}`);
  return { from: Number(m[1]), height: Number(m[2]) - Number(m[1]) };
}

/**
 * Lowest starting unit of `height` contiguous units free on `face` in a rack of `units`,
 * given the occupied ranges; null when none fits.
 */
export function firstFreeUnits(units: number, occupied: { from: number; height: number; face: Face }[], height: number, face: Face = 'both'): number | null {
  const busy = new Array<boolean>(units + 2).fill(false);
  for (const o of occupied) {
    const clash = o.face === 'both' || face === 'both' || o.face === face;
    if (!clash) continue;
    for (let u = o.from; u < o.from + o.height && u <= units; u++) busy[u] = true;
  }
  let run = 0;
  for (let u = 1; u <= units; u++) {
    run = busy[u] ? 0 : run + 1;
    if (run >= height) return u - height + 1;
  }
  return null;
}

/** Does an IPv4 or IPv6 string parse? Pure check, no I/O. */
export function isIp(s: string): boolean {
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try { return new URL(`http://[${s}]/`).hostname.length > 2; } catch { return false; }
}

/** Does a CIDR string (`10.0.0.0/24`, `2001:db8::/48`) parse, with host bits zero-free check left to the DB? */
export function isCidr(s: string): boolean {
  const [addr, len, extra] = s.split('/');
  if (extra !== undefined || addr === undefined || len === undefined || !/^\d{1,3}$/.test(len)) return false;
  const max = addr.includes(':') ? 128 : 32;
  return isIp(addr) && Number(len) <= max;
}

type Ring = [number, number][];
/** Point-in-polygon (ray casting) for a GeoJSON Polygon or MultiPolygon; coordinates are [lon, lat]. */
export function pointInGeometry(geometry: unknown, lon: number, lat: number): boolean {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return false;
  const inRing = (ring: Ring): boolean => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inPolygon = (rings: Ring[]): boolean => rings.length > 0 && inRing(rings[0]!) && !rings.slice(1).some(inRing);
  if (g.type === 'Polygon') return inPolygon(g.coordinates as Ring[]);
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).some(inPolygon);
  if (g.type === 'Feature') return pointInGeometry((g as { geometry?: unknown }).geometry, lon, lat);
  return false;
}

/** A GeoJSON polygon/multipolygon (or a Feature holding one) with closed rings of numeric [lon, lat]. */
export function isPolygonGeometry(geometry: unknown): boolean {
  const g = geometry as { type?: string; coordinates?: unknown; geometry?: unknown } | null;
  if (!g || typeof g !== 'object') return false;
  if (g.type === 'Feature') return isPolygonGeometry(g.geometry);
  const ringOk = (r: unknown): boolean => Array.isArray(r) && r.length >= 4
    && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))
    && (r[0] as number[])[0] === (r.at(-1) as number[])[0] && (r[0] as number[])[1] === (r.at(-1) as number[])[1];
  const polyOk = (p: unknown): boolean => Array.isArray(p) && p.length > 0 && p.every(ringOk);
  if (g.type === 'Polygon') return polyOk(g.coordinates);
  if (g.type === 'MultiPolygon') return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(polyOk);
  return false;
}

/** Addresses compared loosely: case, «ё», punctuation and repeated spaces do not matter. */
export const normalizeAddress = (a: string): string =>
  a.toLowerCase().replace(/ё/g, 'е').replace(/[.,;:«»"'()]/g, ' ').replace(/\s+/g, ' ').trim();

/** IPv4 or IPv6 text → family and 32/128-bit integer. Throws on junk (callers validate first). */
export function ipToBigInt(s: string): { v: 4 | 6; n: bigint } {
  if (!s.includes(':')) {
    const p = s.split('.').map(Number);
    if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`bad IPv4 ${s}`);
    return { v: 4, n: p.reduce((a, x) => a * 256n + BigInt(x), 0n) };
  }
  let text = s;
  let tail: bigint[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipToBigInt(v4[1]!).n;
    tail = [n >> 16n, n & 0xffffn];
    text = text.slice(0, -v4[1]!.length) + (text.endsWith('::' + v4[1]) ? '' : '0');
    if (text.endsWith(':0')) text = text.slice(0, -2);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const hs = head ? head.split(':').filter((x) => x !== '') : [];
  const rs = rest ? rest.split(':').filter((x) => x !== '') : [];
  const groups = [...hs, ...rs].map((g) => BigInt(`0x${g}`));
  const missing = 8 - tail.length - groups.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) throw new Error(`bad IPv6 ${s}`);
  const all = [...hs.map((g) => BigInt(`0x${g}`)), ...new Array<bigint>(missing).fill(0n), ...rs.map((g) => BigInt(`0x${g}`)), ...tail];
  return { v: 6, n: all.reduce((a, x) => (a << 16n) + x, 0n) };
}

/** 32/128-bit integer → canonical text (IPv6 with the longest zero run compressed). */
export function bigIntToIp(v: 4 | 6, n: bigint): string {
  if (v === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const g = Array.from({ length: 8 }, (_, i) => (n >> BigInt((7 - i) * 16)) & 0xffffn);
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0n) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0n) j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * First free aligned block of `/length` inside `prefix`, given the occupied [start, end] ranges sorted by
 * start. Single IPv4 addresses skip the network and broadcast address of prefixes up to /30.
 */
export function firstFreeBlock(prefix: string, length: number, occupied: { start: bigint; end: bigint }[]): string | null {
  const [addr, lenText] = prefix.split('/') as [string, string];
  const { v, n: net } = ipToBigInt(addr);
  const bits = v === 4 ? 32 : 128;
  const plen = Number(lenText);
  if (length < plen || length > bits) return null;
  const size = 1n << BigInt(bits - length);
  let first = net;
  let last = net + (1n << BigInt(bits - plen)) - 1n;
  if (v === 4 && length === 32 && plen <= 30) { first += 1n; last -= 1n; }
  const alignUp = (x: bigint) => ((x - net + size - 1n) / size) * size + net;
  let cursor = alignUp(first);
  for (const o of occupied) {
    if (o.end < cursor) continue;
    if (cursor + size - 1n < o.start) break;
    cursor = alignUp(o.end + 1n);
  }
  if (cursor + size - 1n > last) return null;
  return `${bigIntToIp(v, cursor)}/${length}`;
}
