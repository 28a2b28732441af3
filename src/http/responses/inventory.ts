import { z } from 'zod';
import { allocationStates, assignedKinds, faces, resourceKinds } from '../../domain/inventory/inventory.ts';
import { page } from './common.ts';
import { FeasibilityAnswer, FeasibilityRequest } from './sales.ts';

/** One unit of equipment (a server, a switch, a part…) with where it is and whose it is. */
export const Equipment = z.object({
  id: z.string(),
  kind: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  cpu: z.string().nullable(),
  cpuCores: z.number().nullable(),
  ramGb: z.number().nullable(),
  disks: z.string().nullable(),
  diskGb: z.number().nullable(),
  quantity: z.number(),
  siteId: z.string().nullable(),
  rackId: z.string().nullable(),
  uFrom: z.number().nullable(),
  uHeight: z.number().nullable(),
  location: z.string(),
  owner: z.string(),
  ownerCompanyId: z.string().nullable(),
  paidOffOn: z.string().nullable(),
  project: z.string().nullable(),
  status: z.string(),
});

/** A hold or an assignment of one resource, through its life (held → assigned → releasing → released). */
export const Allocation = z.object({
  id: z.string(),
  resource: z.enum(resourceKinds),
  siteId: z.string().nullable(),
  state: z.enum(allocationStates),
  rackId: z.string().nullable(),
  uFrom: z.number().nullable(),
  uHeight: z.number().nullable(),
  face: z.enum(faces).nullable(),
  powerAW: z.number(),
  powerBW: z.number(),
  equipmentId: z.string().nullable(),
  portId: z.string().nullable(),
  prefixId: z.string().nullable(),
  net: z.string().nullable(),
  vpsHostId: z.string().nullable(),
  vcpu: z.number().nullable(),
  ramGb: z.number().nullable(),
  diskGb: z.number().nullable(),
  uplinkId: z.string().nullable(),
  mbps: z.number().nullable(),
  holdCompanyId: z.string().nullable(),
  heldUntil: z.date().nullable(),
  answerId: z.string().nullable(),
  assignedKind: z.enum(assignedKinds).nullable(),
  assignedRef: z.string().nullable(),
  releaseReason: z.string().nullable(),
  releaseRequestedAt: z.date().nullable(),
  releasedAt: z.date().nullable(),
  cooldownUntil: z.date().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
});

export const Room = z.object({ id: z.string(), siteId: z.string(), name: z.string() });
export const Rack = z.object({ id: z.string(), siteId: z.string(), roomId: z.string().nullable(), name: z.string(), units: z.number(), powerAW: z.number(), powerBW: z.number() });
export const Port = z.object({ id: z.string(), equipmentId: z.string(), siteId: z.string(), name: z.string(), speedMbps: z.number() });
export const Prefix = z.object({ id: z.string(), siteId: z.string().nullable(), prefix: z.string(), pool: z.string(), description: z.string().nullable() });
export const VpsHost = z.object({
  id: z.string(),
  siteId: z.string(),
  equipmentId: z.string().nullable(),
  name: z.string(),
  vcpu: z.number(),
  ramGb: z.number(),
  diskGb: z.number(),
  cpuOvercommit: z.string(),
  ramOvercommit: z.string(),
});
export const Uplink = z.object({ id: z.string(), siteId: z.string(), name: z.string(), capacityMbps: z.number() });
const CoverageFields = {
  id: z.string(),
  kind: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  expectedOn: z.string().nullable(),
  technology: z.string(),
  siteId: z.string().nullable(),
};
/** A coverage zone or address (geometry as GeoJSON). */
export const Coverage = z.object({ ...CoverageFields, geometry: z.unknown() });

/** The list answer of a collection. */
export const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Who an allocation is for, by name (the UI shows them). */
const Named = {
  holdCompanyName: z.string().nullable(),
  clientName: z.string().nullable(),
  serviceTitle: z.string().nullable(),
  serviceCompanyId: z.string().nullable(),
  serviceCompanyName: z.string().nullable(),
};
const NamedAllocation = Allocation.extend(Named);

/** GET /ip-prefixes/:id (200) */
export const getIpPrefixesId = z.object({
  prefix: Prefix,
  family: z.number(),
  size: z.string(),
  usable: z.string(),
  used: z.string(),
  free: z.string(),
  reserved: z.array(z.string()),
  nextFree: z.string().nullable(),
  nextSubnet: z.object({ length: z.number(), block: z.string().nullable() }),
  allocations: z.array(NamedAllocation),
});

/** GET /racks/:id/elevation (200) */
export const getRacksIdElevation = z.object({
  rack: Rack,
  power: z.object({ usedAW: z.number(), usedBW: z.number(), budgetAW: z.number(), budgetBW: z.number() }),
  freeUnits: z.number(),
  items: z.array(NamedAllocation.extend({
    device: Equipment.extend({
      ownerName: z.string().nullable(),
      allocation: z.object({
        ...Named,
        id: z.string(),
        state: z.string(),
        holdCompanyId: z.string().nullable(),
        heldUntil: z.date().nullable(),
        assignedKind: z.string().nullable(),
        assignedRef: z.string().nullable(),
      }).nullable(),
    }).nullable(),
  })),
});

/** GET /equipment-register (200) */
export const getEquipmentRegister = page(Equipment.extend({
  siteCode: z.string().nullable(),
  rackName: z.string().nullable(),
  ownerName: z.string().nullable(),
  assignment: z.object({
    state: z.string(), kind: z.string().nullable(), ref: z.string().nullable(), holdCompanyId: z.string().nullable(), holdCompanyName: z.string().nullable(),
  }).nullable(),
}));

/** POST /inventory/import/:kind (200) */
export const postInventoryImportKind = z.object({ kind: z.enum(['racks', 'equipment', 'ports', 'prefixes', 'vps-hosts', 'uplinks', 'coverage']), created: z.number() });

/** GET, PATCH /inventory/settings (200) */
export const Settings = z.object({ ipCooldownDays: z.number(), holdDays: z.number() });

/** GET /ip-prefixes/utilization (200) */
export const getIpPrefixesUtilization = items(z.object({
  id: z.string(),
  prefix: z.string(),
  pool: z.string(),
  siteId: z.string().nullable(),
  family: z.number(),
  size: z.string(),
  used: z.string(),
  free: z.string(),
  held: z.number(),
  cooling: z.number(),
  percentUsed: z.number(),
}));

/** GET /capacity (200): without a site (no site covers the address) the lists are empty and siteId is null. */
export const getCapacity = z.object({
  siteId: z.string().nullable(),
  coverage: z.array(z.object(CoverageFields)),
  servers: z.object({
    free: z.number(),
    items: z.array(Equipment.pick({ id: true, model: true, serial: true, cpu: true, cpuCores: true, ramGb: true, disks: true, rackId: true, uFrom: true })),
  }),
  racks: z.array(z.object({ rackId: z.string(), name: z.string(), uFrom: z.number(), uHeight: z.number(), freePowerAW: z.number(), freePowerBW: z.number() })),
  ports: z.object({ free: z.number(), items: z.array(z.object({ id: z.string(), name: z.string(), speedMbps: z.number(), equipmentId: z.string() })) }),
  ipv4: z.object({
    free: z.number(),
    enough: z.boolean().optional(),
    prefixes: z.array(z.object({ id: z.string(), prefix: z.string(), pool: z.string(), size: z.number(), used: z.number(), free: z.number() })),
  }),
  vpsHosts: z.array(z.object({ id: z.string(), name: z.string(), freeVcpu: z.number(), freeRamGb: z.number(), freeDiskGb: z.number() })),
  uplinks: z.array(z.object({ id: z.string(), name: z.string(), capacityMbps: z.number(), freeMbps: z.number() })),
});

/** GET /capacity/forecast (200) */
export const getCapacityForecast = z.object({
  today: z.string(),
  items: z.array(z.object({
    siteId: z.string().nullable(),
    resource: z.string(),
    requests: z.number(),
    weightedDemand: z.number(),
    free: z.number(),
    noCapacity: z.boolean(),
    missing: z.number(),
    shortfall: z.boolean(),
  })),
  demand: z.array(z.object({ source: z.string(), ref: z.string(), siteId: z.string().nullable(), resource: z.string(), quantity: z.number(), probability: z.number() })),
});

/** GET /feasibility-requests (200) */
export const getFeasibilityRequests = page(FeasibilityRequest);

/** GET /feasibility-requests/:id (200), POST /feasibility-requests/:id/answers (201) */
export const FeasibilityRequestDetail = FeasibilityRequest.extend({ answers: z.array(FeasibilityAnswer), holds: z.array(Allocation) });
