import { sql } from 'kysely';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../feasibility/requests.ts';
import { nextIp } from '../../inventory/allocations.ts';
import { createEquipment, createPort, createPrefix, createRack, createRoom, createUplink, createVpsHost } from '../../inventory/resources.ts';
import { actor, company, day, type DemoWorld } from './world.ts';

/**
 * The tech department's register at MSK-DC1 (a hall, two racks, servers, a switch with ports, a public
 * /24, a VPS host, two uplinks) and a rack at MSK-DC2; then the feasibility story: the manager asks
 * about two servers for «Северный ветер» (answered feasible with the two servers held) and about a
 * whole rack for «Медиа Плюс» (still open in the tech queue); «Медиа Плюс» also has an answered colocation
 * request holding 2U with power in A02 and two addresses, and the public /24 has addresses in use.
 */
async function findPrefixId(w: DemoWorld, cidr: string): Promise<string> {
  const row = await actor(w, 'tech').db.selectFrom('inv_ip_prefix').select('id').where(sql<boolean>`prefix = ${cidr}::cidr`).executeTakeFirstOrThrow();
  return row.id;
}

export async function seedInventory(w: DemoWorld): Promise<void> {
  const tech = actor(w, 'tech');
  const dc1 = w.sites['MSK-DC1']!;
  const dc2 = w.sites['MSK-DC2']!;
  const hall = await createRoom(tech, { siteId: dc1, name: 'Машзал 1' });
  const a01 = await createRack(tech, { siteId: dc1, roomId: hall.id, name: 'A01', units: 42, powerAW: 5000, powerBW: 5000 });
  const a02 = await createRack(tech, { siteId: dc1, roomId: hall.id, name: 'A02', units: 42, powerAW: 5000, powerBW: 5000 });
  const hall2 = await createRoom(tech, { siteId: dc2, name: 'Зал B' });
  await createRack(tech, { siteId: dc2, roomId: hall2.id, name: 'B07', units: 47, powerAW: 7000, powerBW: 7000 });

  const sw = await createEquipment(tech, { kind: 'switch', model: 'Juniper EX4300-48T', serial: 'PE3719AK0021', rackId: a01.id, uFrom: 42, uHeight: 1 });
  for (let i = 0; i < 8; i++) await createPort(tech, { equipmentId: sw.id, name: `ge-0/0/${i}`, speedMbps: 1000 });
  await createPort(tech, { equipmentId: sw.id, name: 'xe-0/2/0', speedMbps: 10_000 });
  const servers = [];
  for (let i = 0; i < 3; i++) {
    servers.push(await createEquipment(tech, {
      kind: 'server', model: 'Supermicro SYS-5019C-MR', serial: `S41802${String(7731 + i)}`, cpu: 'Xeon E-2388G', cpuCores: 8, ramGb: 64,
      disks: '2×960 ГБ SSD', diskGb: 1920, rackId: a01.id, uFrom: 10 + i, uHeight: 1, paidOffOn: '2028-12-31',
    }));
  }
  const kvm = await createEquipment(tech, {
    kind: 'server', model: 'Dell PowerEdge R650', serial: 'CN7X4K3', cpu: '2×Xeon Gold 6338', cpuCores: 64, ramGb: 512,
    disks: '6×3,84 ТБ NVMe', diskGb: 23_040, rackId: a02.id, uFrom: 20, uHeight: 1, project: 'VPS-платформа',
  });
  await createEquipment(tech, { kind: 'part', model: 'SSD Samsung PM893 960 ГБ', quantity: 6, siteId: dc1 });
  await createPrefix(tech, { siteId: dc1, prefix: '203.0.113.0/24', pool: 'public', description: 'Клиентские адреса MSK-DC1' });
  await createVpsHost(tech, { siteId: dc1, equipmentId: kvm.id, name: 'kvm-dc1-01', vcpu: 128, ramGb: 512, diskGb: 20_000, cpuOvercommit: 4, ramOvercommit: 1 });
  await createUplink(tech, { siteId: dc1, name: 'MSK-IX 10G', capacityMbps: 10_000 });
  await createUplink(tech, { siteId: dc1, name: 'Транзит МагистральТелеком 10G', capacityMbps: 10_000 });

  const manager = actor(w, 'manager');
  const dedicated = w.offers['DS-E2388-DC1']!;
  const ask = await createFeasibilityRequest(manager, {
    companyId: company(w, 'Северный ветер').id, siteId: dc1, serviceKind: 'dedicated', params: dedicated.params as Record<string, string | number>, quantity: 2,
    desiredOn: day(w, 14), priority: 'high', probability: 0.6, comment: 'Перенос бэкенда мобильного приложения из облака, нужен запуск до праздников.',
  });
  await answerFeasibilityRequest(tech, ask.id, {
    outcome: 'feasible', leadDays: 3, validUntil: day(w, 125), limits: 'Серверы в стойке A01, U10–U11; канал через ge-0/0/1–2.',
    holds: servers.slice(0, 2).map((s) => ({ resource: 'equipment', equipmentId: s.id })),
  });
  // Addresses in use at DC1: monitoring and a /29 for the VPS platform, so the prefix page has rows.
  const pub = await findPrefixId(w, '203.0.113.0/24');
  for (const ref of ['Мониторинг', 'DNS']) await nextIp(tech, { prefix: pub, assignedKind: 'project', assignedRef: ref });
  await nextIp(tech, { prefix: pub, length: 29, assignedKind: 'project', assignedRef: 'VPS-платформа' });
  // An answered colocation request: 2U in A02 with 400 W per feed and two addresses held for the client.
  const colo = await createFeasibilityRequest(manager, {
    companyId: company(w, 'Медиа Плюс').id, siteId: dc1, serviceKind: 'colocation', params: { units: 2, kw: 0.4, ipv4: 2 }, quantity: 1,
    desiredOn: day(w, 21), priority: 'normal', comment: 'Два сервера клиента под кэш CDN в Москве.',
  });
  await answerFeasibilityRequest(tech, colo.id, {
    outcome: 'feasible', leadDays: 2, validUntil: day(w, 60), params: { units: 2, kw: 0.4, ipv4: 2 },
    holds: [{ resource: 'rack_units', rackId: a02.id, uFrom: 30, uHeight: 2, face: 'both', powerAW: 400, powerBW: 400 }],
    ipHolds: [{ prefixId: pub, count: 2 }],
  });
  await createFeasibilityRequest(manager, {
    companyId: company(w, 'Медиа Плюс').id, siteId: dc2, serviceKind: 'colocation', params: { units: 42, kw: 5, ports: 2, uplinkMbps: 1000, ipv4: 8 }, quantity: 1,
    desiredOn: day(w, 35), priority: 'normal', comment: 'Стойка под узел CDN; клиент спрашивает про второй ввод питания.',
  });
}
