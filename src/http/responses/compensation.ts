import { z } from 'zod';
import { noContent } from './common.ts';

export const PlanTerms = z.object({
  baseSalary: z.bigint(),
  managementBonusCap: z.bigint(),
  acquisitionRate: z.string(),
  handlingRate: z.string(),
  retentionRate: z.string(),
  firstPartNum: z.number(),
  firstPartDen: z.number(),
  deferralMonths: z.number(),
  revenueBasis: z.enum(['invoiced', 'paid']),
  payDeferredIfClosedEarly: z.boolean(),
});

export const ChangeLine = z.object({
  key: z.string(),
  kind: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  amount: z.bigint(),
});

export const StatementChanges = z.object({
  previousMonth: z.string(),
  previousTotal: z.bigint(),
  byKind: z.array(z.object({ kind: z.string(), before: z.bigint(), now: z.bigint() })),
  newClients: z.array(z.object({ companyId: z.string(), companyName: z.string().nullable(), amount: z.bigint() })),
  goneClients: z.array(z.object({ companyId: z.string(), companyName: z.string().nullable(), amount: z.bigint() })),
  corrections: z.array(ChangeLine),
});

export const PayLine = z.object({
  key: z.string(),
  kind: z.enum(['management', 'base', 'acquisition', 'handling', 'retention', 'deduction', 'penalty']),
  dueMonth: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  amount: z.bigint(),
  status: z.enum(['due', 'waiting', 'not_paid']),
  note: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  sources: z.record(z.string(), z.unknown()),
});

export const PayStatement = z.object({
  userId: z.string(),
  userName: z.string(),
  month: z.string(),
  plan: z.object({ id: z.string(), name: z.string(), versionId: z.string(), terms: PlanTerms }).nullable(),
  lines: z.array(PayLine),
  total: z.bigint(),
  carried: z.bigint(),
  approved: z.object({ at: z.date(), by: z.string() }).nullable(),
  changes: StatementChanges.nullable(),
});

/** GET /payroll/plans (200) */
export const getPayrollPlans = z.object({
  items: z.array(z.object({
    id: z.string(),
    name: z.string(),
    versions: z.array(PlanTerms.extend({ id: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
    managers: z.array(z.object({ userId: z.string(), name: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
  })),
});

/** POST /payroll/plans (201) */
export const postPayrollPlans = z.object({ id: z.string(), name: z.string() });

/** POST /payroll/plans/:id/versions (204) */
export const postPayrollPlansIdVersions = noContent;

/** POST /payroll/assignments (204) */
export const postPayrollAssignments = noContent;

/** GET /payroll/clients (200) */
export const getPayrollClients = z.object({
  items: z.array(z.object({
    companyId: z.string(),
    companyName: z.string(),
    broughtBy: z.enum(['manager', 'partner', 'campaign', 'other_staff', 'other']),
    acquiredBy: z.string().nullable(),
    acquiredByName: z.string().nullable(),
    handledBy: z.string().nullable(),
    handledByName: z.string().nullable(),
    handlerNow: z.string().nullable(),
    handlerNowName: z.string().nullable(),
    partnerId: z.string().nullable(),
    campaign: z.string().nullable(),
    origin: z.enum(['crm', 'management']),
    start: z.string(),
    endedOn: z.string().nullable(),
    tariffNow: z.bigint(),
  })),
});

/** PUT /payroll/clients/:id (204) */
export const putPayrollClientsId = noContent;

/** POST /payroll/clients/:id/handovers (204) */
export const postPayrollClientsIdHandovers = noContent;

/** GET /payroll/inputs/:month (200) */
export const getPayrollInputsMonth = z.object({
  bonuses: z.array(z.object({ userId: z.string(), name: z.string(), amount: z.bigint(), comment: z.string() })),
  reports: z.array(z.object({ userId: z.string(), name: z.string(), acceptedAt: z.date() })),
  deductions: z.array(z.object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    kind: z.enum(['ad_spend', 'partner_bonus', 'carried']),
    amount: z.bigint(),
    companyName: z.string().nullable(),
    note: z.string(),
  })),
  penalties: z.array(z.object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    companyName: z.string(),
    tariff: z.bigint(),
    reason: z.string(),
  })),
});

/** PUT /payroll/management-bonuses (204) */
export const putPayrollManagementBonuses = noContent;

/** POST /payroll/reports (204) */
export const postPayrollReports = noContent;

/** POST /payroll/deductions (201) */
export const postPayrollDeductions = z.object({ id: z.string() });

/** POST /payroll/penalties (201) */
export const postPayrollPenalties = z.object({ id: z.string(), tariff: z.bigint() });

/** GET /payroll/statements/:userId/:month (200) */
export const getPayrollStatementsUserIdMonth = z.object({
  lines: z.array(PayLine.extend({ text: z.string() })),
  userId: z.string(),
  userName: z.string(),
  month: z.string(),
  plan: z.object({ id: z.string(), name: z.string(), versionId: z.string(), terms: PlanTerms }).nullable(),
  total: z.bigint(),
  carried: z.bigint(),
  approved: z.object({ at: z.date(), by: z.string() }).nullable(),
  changes: StatementChanges.nullable(),
});

/** POST /payroll/statements/:userId/:month/approve (200) */
export const postPayrollStatementsUserIdMonthApprove = PayStatement;

/** POST /payroll/months/:month/close (200) */
export const postPayrollMonthsMonthClose = z.object({
  approved: z.array(z.object({ userId: z.string(), name: z.string(), total: z.bigint() })),
});

/** GET /payroll/summary/:month (200) */
export const getPayrollSummaryMonth = z.object({
  month: z.string(),
  rows: z.array(z.object({
    userId: z.string(),
    name: z.string(),
    approved: z.boolean(),
    base: z.bigint(),
    management: z.bigint(),
    acquisition: z.bigint(),
    handling: z.bigint(),
    retention: z.bigint(),
    deductions: z.bigint(),
    penalties: z.bigint(),
    total: z.bigint(),
    carried: z.bigint(),
  })),
  total: z.bigint(),
});

/** GET /payroll/upcoming/:userId (200) */
export const getPayrollUpcomingUserId = z.object({
  items: z.array(z.object({
    companyId: z.string(),
    companyName: z.string(),
    kind: z.enum(['acquisition', 'handling']),
    dueMonth: z.string(),
    estimate: z.bigint(),
  })),
});

/** GET /payroll/what-if/:userId (200) */
export const getPayrollWhatIfUserId = z.object({
  month: z.string(),
  deferralMonths: z.number(),
  deals: z.array(z.object({
    dealId: z.string(),
    title: z.string(),
    companyName: z.string(),
    kind: z.enum(['acquisition', 'handling']),
    revenue: z.bigint(),
    first: z.bigint(),
    second: z.bigint(),
    secondDue: z.string(),
    retention: z.bigint(),
  })),
  now: z.bigint(),
  later: z.bigint(),
  monthlyRetention: z.bigint(),
});
