/**
 * Hand-made mutants of the payment matcher and invoice numbering (each once slipped through the whole suite)
 * and of the domain's money, VAT, proration, allocation, aging and payment-purpose rules. For each, a copy of the project gets the change, the tests that should notice it
 * run in that copy, and the mutant is "killed" when they fail. Prints killed/survived and the score; exits 1
 * when one survives. Run: `npm run mutants` (add `-- <name>` to run one). StrykerJS (`npm run mutation`,
 * stryker.config.json) mutates `src/domain` and the matcher automatically when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Mutant { name: string; file: string; from: string; to: string; tests: string[] }

const MATCHING = ['test/billing/matching-mutants.test.ts'];
/** The domain's own unit tests: no database, seconds per mutant. */
const DOMAIN = ['src/domain/money.test.ts', 'src/domain/tax.test.ts', 'src/domain/billing/billing.test.ts', 'src/domain/billing/statement.test.ts', 'src/domain/billing/purpose-refs.test.ts', 'src/domain/billing/allocation.test.ts'];

export const mutants: Mutant[] = [
  {
    name: 'auto-apply when the ИНН matches several clients',
    file: 'src/app/billing/payments.ts',
    from: 'WHERE cand.pid = p.id AND cand.n = 1',
    to: 'WHERE cand.pid = p.id AND cand.n >= 1',
    tests: MATCHING,
  },
  {
    name: 'ignore the payer КПП',
    file: 'src/app/billing/payments.ts',
    from: "AND (p.payer_kpp IS NULL OR c.kpp IS NULL OR c.kpp = p.payer_kpp) AND 'client'",
    to: "AND 'client'",
    tests: MATCHING,
  },
  {
    name: 'match an invoice issued after the payment',
    file: 'src/app/billing/payments.ts',
    from: 'AND i.issue_date <= p.paid_on ',
    to: '',
    tests: MATCHING,
  },
  {
    name: 'a purpose naming two invoices applied as if it named one',
    file: 'src/app/billing/payments.ts',
    from: 'AND NOT EXISTS (SELECT 1 FROM st_match o WHERE o.pid = m.pid AND o.ord <> m.ord)',
    to: '',
    tests: MATCHING,
  },
  {
    name: 'allocate newest first',
    file: 'src/app/billing/payments.ts',
    from: 'ORDER BY d.due_date, d.issue_date, d.number',
    to: 'ORDER BY d.due_date DESC, d.issue_date DESC, d.number DESC',
    tests: MATCHING,
  },
  {
    name: 'invoice numbers never restart per year',
    file: 'src/app/billing/invoices.ts',
    from: 'VALUES (${sellerId}, ${year}, ${count})',
    to: 'VALUES (${sellerId}, ${year}, coalesce((SELECT max(last_no) FROM invoice_counter WHERE seller_id = ${sellerId}), 0) + ${count})',
    tests: MATCHING,
  },
  // The domain's money, VAT, proration, allocation and aging: the pure functions every path asks.
  {
    name: 'domain: VAT 22 % from 2 January 2026',
    file: 'src/domain/tax.ts',
    from: "return date >= '2026-01-01' ? '22' : '20';",
    to: "return date > '2026-01-01' ? '22' : '20';",
    tests: DOMAIN,
  },
  {
    name: 'domain: USN 5 % charged as 7 %',
    file: 'src/domain/tax.ts',
    from: "case 'usn_vat5': return '5';",
    to: "case 'usn_vat5': return '7';",
    tests: DOMAIN,
  },
  {
    name: 'domain: a half kopeck rounded down',
    file: 'src/domain/money.ts',
    from: 'if (twice >= denominator) return',
    to: 'if (twice > denominator) return',
    tests: DOMAIN,
  },
  {
    name: 'domain: a negative half kopeck rounded towards zero',
    file: 'src/domain/money.ts',
    from: 'return numerator < 0n ? q - 1n : q + 1n;',
    to: 'return q + 1n;',
    tests: DOMAIN,
  },
  {
    name: 'domain: proration without the first day',
    file: 'src/domain/billing/billing.ts',
    from: 'accrued(monthly, dayOf(from) - 1, dim)',
    to: 'accrued(monthly, dayOf(from), dim)',
    tests: DOMAIN,
  },
  {
    name: 'domain: a change on the last billed day is not adjusted',
    file: 'src/domain/billing/billing.ts',
    from: 'if (changeDate > billedTo) return { credit: 0n, charge: 0n };',
    to: 'if (changeDate >= billedTo) return { credit: 0n, charge: 0n };',
    tests: DOMAIN,
  },
  {
    name: 'domain: a payment allocated to a settled invoice',
    file: 'src/domain/billing/billing.ts',
    from: 'if (inv.outstanding <= 0n) continue;',
    to: 'if (inv.outstanding < 0n) continue;',
    tests: DOMAIN,
  },
  {
    name: 'domain: the 30th day overdue counted in 31–60',
    file: 'src/domain/billing/billing.ts',
    from: 'if (daysOverdue <= 30) return',
    to: 'if (daysOverdue < 30) return',
    tests: DOMAIN,
  },
  {
    name: 'domain: a two-digit year in a purpose read as 19xx',
    file: 'src/domain/billing/billing.ts',
    from: "(y.length === 2 ? `20${y}` : y)",
    to: "(y.length === 2 ? `19${y}` : y)",
    tests: DOMAIN,
  },
  {
    name: 'domain: an invoice named with and without its date counted twice',
    file: 'src/domain/billing/billing.ts',
    from: 'return [...out.values()].filter((r) => r.date !== null || ![...out.values()].some((o) => o.number === r.number && o.date !== null));',
    to: 'return [...out.values()];',
    tests: DOMAIN,
  },
  {
    name: 'domain: «и» does not join invoice numbers',
    file: 'src/domain/billing/billing.ts',
    from: 'const sep = /^\\s*(?:,|;|и|and|&)\\s*/iu;',
    to: 'const sep = /^\\s*(?:,|;|and|&)\\s*/iu;',
    tests: DOMAIN,
  },
  {
    name: 'domain: days counted without the last one',
    file: 'src/domain/billing/billing.ts',
    from: '/ 86_400_000) + 1;',
    to: '/ 86_400_000);',
    tests: DOMAIN,
  },
];

const root = resolve(import.meta.dirname, '../..');

/** Applies one mutant to a fresh copy of the project and runs its tests there; true when they failed. */
function killed(m: Mutant): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'rackdesk-mutant-'));
  try {
    for (const p of ['src', 'test', 'package.json', 'tsconfig.json', 'vitest.config.ts']) cpSync(join(root, p), join(dir, p), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const path = join(dir, m.file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(m.from)) throw new Error(`mutant "${m.name}": the code it changes is gone from ${m.file}; update the mutant`);
    writeFileSync(path, text.replace(m.from, m.to));
    const r = spawnSync('npx', ['vitest', 'run', '--project', 'unit', ...m.tests], { cwd: dir, encoding: 'utf8', env: process.env });
    return r.status !== 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const only = process.argv[2];
  const chosen = mutants.filter((m) => !only || m.name.includes(only));
  let dead = 0;
  for (const m of chosen) {
    const k = killed(m);
    if (k) dead++;
    console.log(`${k ? 'killed  ' : 'SURVIVED'}  ${m.name}`);
  }
  console.log(`mutation score: ${dead}/${chosen.length} killed (${Math.round((100 * dead) / Math.max(1, chosen.length))} %)`);
  process.exit(dead === chosen.length ? 0 : 1);
}
