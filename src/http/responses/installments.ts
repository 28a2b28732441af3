import { z } from 'zod';
import { AuditEntry } from './common.ts';
import { Allocation, Equipment } from './inventory.ts';

const EntryState = z.object({ seq: z.number(), dueOn: z.string(), amount: z.bigint(), paid: z.bigint(), status: z.enum(['paid', 'partial', 'due', 'overdue']) });

/** Debt figures of an agreement. */
const Debt = z.object({ payable: z.bigint(), paid: z.bigint(), remaining: z.bigint(), overdue: z.bigint(), overdueSince: z.string().nullable() });

/** GET /installments/agreements (200) */
export const getInstallmentsAgreements = z.object({
  items: z.array(Debt.extend({
    id: z.string(),
    supplierId: z.string(),
    supplierName: z.string(),
    number: z.string(),
    signedOn: z.string(),
    total: z.bigint(),
    fees: z.bigint(),
    downPayment: z.bigint(),
    status: z.string(),
    paidOffOn: z.string().nullable(),
    units: z.number(),
    nextDueOn: z.string().nullable(),
    nextAmount: z.bigint().nullable(),
    payOffOn: z.string().nullable(),
  })),
});

/** GET /installments/agreements/:id (200): items, schedule with paid/overdue state, payments, debt. */
export const Agreement = Debt.extend({
  next: EntryState.nullable(),
  lastDue: z.string().nullable(),
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  supplierInn: z.string().nullable(),
  number: z.string(),
  signedOn: z.string(),
  currency: z.string(),
  total: z.bigint(),
  downPayment: z.bigint(),
  fees: z.bigint(),
  scheduleKind: z.string(),
  months: z.number(),
  status: z.string(),
  paidOffOn: z.string().nullable(),
  note: z.string().nullable(),
  items: z.array(z.object({
    equipmentId: z.string(),
    price: z.bigint(),
    sku: z.string().nullable(),
    kind: z.string(),
    model: z.string(),
    serial: z.string().nullable(),
    owner: z.string(),
    paidOffOn: z.string().nullable(),
    rackId: z.string().nullable(),
    rackName: z.string().nullable(),
    uFrom: z.number().nullable(),
  })),
  schedule: z.array(EntryState),
  payments: z.array(z.object({
    id: z.string(), amount: z.bigint(), paidOn: z.string(), source: z.string(), docNumber: z.string().nullable(), note: z.string().nullable(), actorName: z.string(),
  })),
});

/** POST /installments/agreements (201): the agreement and how many draft versions were repriced. */
export const postInstallmentsAgreements = Agreement.extend({ repricedVersions: z.number() });

/** POST /installments/agreements/:id/payments (201), POST /installments/outgoing/:id/resolve (200) */
export const Payment = z.object({ id: z.string(), amount: z.bigint(), remaining: z.bigint(), paidOff: z.boolean() });

const SupplierDebt = z.object({ supplierId: z.string(), supplierName: z.string(), agreements: z.number(), remaining: z.bigint(), overdue: z.bigint() });

/** GET /installments/suppliers (200) */
export const getInstallmentsSuppliers = z.object({ items: z.array(SupplierDebt) });

/** GET /installments/outgoing-queue (200) */
export const getInstallmentsOutgoingQueue = z.object({
  items: z.array(z.object({
    id: z.string(),
    amount: z.bigint(),
    paidOn: z.string(),
    docNumber: z.string().nullable(),
    payeeName: z.string().nullable(),
    payeeInn: z.string().nullable(),
    payeeAccount: z.string(),
    purpose: z.string(),
  })),
});

/** GET /installments/due (200) */
export const getInstallmentsDue = z.object({
  items: z.array(z.object({
    agreementId: z.string(), number: z.string(), supplierName: z.string(), seq: z.number(), dueOn: z.string(), amount: z.bigint(), open: z.bigint(), overdue: z.boolean(),
  })),
});

const Overdue = z.object({
  agreementId: z.string(), number: z.string(), supplierName: z.string(), seq: z.number(), dueOn: z.string(), open: z.bigint(), daysLate: z.number(),
});

/** GET /installments/overdue (200) */
export const getInstallmentsOverdue = z.object({ items: z.array(Overdue) });

const UnpaidAssigned = z.object({
  equipmentId: z.string(),
  serial: z.string().nullable(),
  model: z.string(),
  agreementId: z.string(),
  number: z.string(),
  supplierName: z.string(),
  state: z.string(),
  assignedKind: z.string().nullable(),
  assignedRef: z.string().nullable(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
});

/** GET /installments/unpaid-assigned (200) */
export const getInstallmentsUnpaidAssigned = z.object({ items: z.array(UnpaidAssigned) });

/** GET /installments/calendar (200, JSON): cash out by month and supplier. */
export const Calendar = z.object({
  months: z.array(z.string()),
  suppliers: z.array(z.object({ supplierId: z.string(), supplierName: z.string(), months: z.record(z.string(), z.bigint()), total: z.bigint() })),
  totals: z.record(z.string(), z.bigint()),
});

/** GET /installments/dashboard (200) */
export const getInstallmentsDashboard = z.object({
  today: z.string(),
  calendar: Calendar,
  bySupplier: z.array(SupplierDebt),
  payOffs: z.array(z.object({ agreementId: z.string(), number: z.string(), supplierName: z.string(), payOffOn: z.string().nullable(), remaining: z.bigint() })),
  overdue: z.array(Overdue),
  unpaidAssigned: z.array(UnpaidAssigned),
});

/** PATCH /equipment/:id (200) */
export const patchEquipmentId = Equipment;

/** GET /equipment/:id/history (200) */
export const getEquipmentIdHistory = z.object({
  equipment: Equipment,
  agreement: z.object({ id: z.string(), number: z.string(), status: z.string(), paidOffOn: z.string().nullable(), price: z.bigint() }).nullable(),
  allocations: z.array(Allocation),
  audit: z.array(AuditEntry),
});
