import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { createSite } from '../../src/app/reference/sites.ts';
import { createEquipment, createPort, createPrefix, createRack, createUplink, createVpsHost } from '../../src/app/inventory/resources.ts';
import type { DB } from '../../src/db/types.ts';

const n = () => randomInt(1_000_000_000).toString(36).toUpperCase();

/** A fresh site of our own. */
export async function aSite(db: Kysely<DB>) {
  return createSite(makeCtx(db), { code: `T${n()}`.slice(0, 12), name: `ЦОД ${n()}`, kind: 'data_center', address: 'Москва' });
}

/** A unique private /24 (10.x.y.0/24) so tests in one database never collide. */
export const aPrefix24 = () => `10.${randomInt(256)}.${randomInt(256)}.0/24`;
/** A unique /28 in 172.16/12. */
export const aPrefix28 = () => `172.${16 + randomInt(16)}.${randomInt(256)}.${randomInt(16) * 16}/28`;

/** Site with one rack, one server, one switch with a port, one prefix, one VPS host, one uplink. */
export async function aStockedSite(db: Kysely<DB>, tech: Ctx) {
  const site = await aSite(db);
  const rack = await createRack(tech, { siteId: site.id, name: 'R1', units: 42, powerAW: 5000, powerBW: 5000 });
  const server = await createEquipment(tech, { kind: 'server', model: 'Dell R640', serial: `SN${n()}${n()}`, cpuCores: 16, ramGb: 64, disks: '2×960 GB SSD', siteId: site.id });
  const sw = await createEquipment(tech, { kind: 'switch', model: 'Cisco 3850', serial: `SW${n()}${n()}`, rackId: rack.id, uFrom: 42, uHeight: 1 });
  const port = await createPort(tech, { equipmentId: sw.id, name: 'Gi1/0/1', speedMbps: 1000 });
  let prefix;
  for (;;) {
    try { prefix = await createPrefix(tech, { siteId: site.id, prefix: aPrefix28() }); break; } catch { /* collision with another test's prefix: try another */ }
  }
  const host = await createVpsHost(tech, { siteId: site.id, name: 'kvm1', vcpu: 32, ramGb: 128, diskGb: 2000, cpuOvercommit: 2, ramOvercommit: 1 });
  const uplink = await createUplink(tech, { siteId: site.id, name: 'MSK-IX', capacityMbps: 10_000 });
  return { site, rack, server, sw, port, prefix, host, uplink };
}
