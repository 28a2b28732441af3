import { formatRubles } from '../../../domain/money.ts';

/** Payroll data as the API sends it (money as kopeck strings). */
export interface PayLine {
  key: string;
  kind: string;
  dueMonth: string;
  companyId: string | null;
  companyName: string | null;
  amount: string;
  status: 'due' | 'waiting' | 'not_paid';
  text: string;
  sources: Record<string, unknown>;
}
export interface Statement {
  userId: string;
  userName: string;
  month: string;
  plan: { id: string; name: string } | null;
  lines: PayLine[];
  total: string;
  carried: string;
  approved: { at: string; by: string } | null;
  changes: StatementChanges | null;
}
interface ClientSum { companyId: string; companyName: string | null; amount: string }
export interface StatementChanges {
  previousMonth: string;
  previousTotal: string;
  byKind: { kind: string; before: string; now: string }[];
  newClients: ClientSum[];
  goneClients: ClientSum[];
  corrections: { key: string; kind: string; companyId: string | null; companyName: string | null; amount: string }[];
}
export interface SummaryRow {
  userId: string; name: string; approved: boolean; base: string; management: string; acquisition: string; handling: string;
  retention: string; deductions: string; penalties: string; total: string; carried: string;
}

export const rub = (s: string | bigint, lang: 'ru' | 'en') => formatRubles(BigInt(s), lang);
/** «11.2026» for a 'YYYY-MM'. */
/** The current month in Moscow. */
export const thisMonth = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
