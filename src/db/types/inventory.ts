import type { Generated } from 'kysely';
import type { Json, Ts } from './columns.ts';
import type { Priority, RequestStatus } from '../../domain/feasibility/feasibility.ts';

export interface InvSettingsTable {
  id: Generated<boolean>;
  ip_cooldown_days: Generated<number>;
  hold_days: Generated<number>;
  updated_at: Ts;
}

export interface InvRoomTable { id: string; site_id: string; name: string }

export interface InvRackTable {
  id: string;
  site_id: string;
  room_id: string | null;
  name: string;
  units: number;
  power_a_w: Generated<number>;
  power_b_w: Generated<number>;
  created_at: Generated<Date>;
}

export interface InvEquipmentTable {
  id: string;
  kind: string;
  model: string;
  serial: string | null;
  cpu: string | null;
  cpu_cores: number | null;
  ram_gb: number | null;
  disks: string | null;
  disk_gb: number | null;
  quantity: Generated<number>;
  site_id: string | null;
  rack_id: string | null;
  u_from: number | null;
  u_height: number | null;
  owner: Generated<string>;
  owner_company_id: string | null;
  paid_off_on: string | null;
  project: string | null;
  status: Generated<string>;
  created_at: Generated<Date>;
}

export interface InvPortTable { id: string; equipment_id: string; site_id: string; name: string; speed_mbps: number }

export interface InvIpPrefixTable {
  id: string;
  site_id: string | null;
  prefix: string;
  pool: Generated<string>;
  description: string | null;
  used: Generated<string>;
  created_at: Generated<Date>;
}

export interface InvVpsHostTable {
  id: string;
  site_id: string;
  equipment_id: string | null;
  name: string;
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  cpu_overcommit: Generated<string>;
  ram_overcommit: Generated<string>;
}

export interface InvUplinkTable { id: string; site_id: string; name: string; capacity_mbps: number }

export interface InvCoverageTable {
  id: string;
  kind: string;
  address: string | null;
  geometry: Json;
  status: string;
  expected_on: string | null;
  technology: string;
  site_id: string | null;
  created_at: Generated<Date>;
}

export interface InvAllocationTable {
  id: string;
  resource: string;
  site_id: Generated<string | null>;
  rack_id: string | null;
  units: string | null;
  depth: string | null;
  power_a_w: Generated<number>;
  power_b_w: Generated<number>;
  equipment_id: string | null;
  port_id: string | null;
  prefix_id: string | null;
  net: string | null;
  vps_host_id: string | null;
  vcpu: number | null;
  ram_gb: number | null;
  disk_gb: number | null;
  uplink_id: string | null;
  mbps: number | null;
  state: string;
  hold_company_id: string | null;
  held_until: Date | null;
  answer_id: string | null;
  assigned_kind: string | null;
  assigned_ref: string | null;
  release_reason: string | null;
  release_requested_at: Date | null;
  released_at: Date | null;
  released_by: string | null;
  cooldown_until: Date | null;
  note: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface FeasRequestTable {
  id: string;
  company_id: string;
  site_id: string | null;
  address: string | null;
  service_kind: string;
  params: Json;
  quantity: number;
  desired_on: string | null;
  priority: Generated<Priority>;
  probability: string | null;
  status: Generated<RequestStatus>;
  comment: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
  /** The CRM deal this request belongs to (migration 0012). */
  deal_id: Generated<string | null>;
}

export interface FeasAnswerTable {
  id: string;
  request_id: string;
  outcome: string;
  limits: string | null;
  lead_days: number | null;
  valid_until: string;
  params: Json;
  quantity: number;
  answered_by: string | null;
  answered_at: Generated<Date>;
}

export interface InventoryTables {
  inv_settings: InvSettingsTable;
  inv_room: InvRoomTable;
  inv_rack: InvRackTable;
  inv_equipment: InvEquipmentTable;
  inv_port: InvPortTable;
  inv_ip_prefix: InvIpPrefixTable;
  inv_vps_host: InvVpsHostTable;
  inv_uplink: InvUplinkTable;
  inv_coverage: InvCoverageTable;
  inv_allocation: InvAllocationTable;
  feas_request: FeasRequestTable;
  feas_answer: FeasAnswerTable;
}
