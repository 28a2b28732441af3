/**
 * Every mutating use case writes an audit entry (issue 12, point 10), checked over the whole of `src/app`
 * at once: each exported function that writes (opens a transaction, inserts, updates or deletes) must call
 * `writeAudit` itself or through functions it calls (followed by name across `src/app`), unless the table
 * below names it with the reason. A new use case that forgets its audit entry fails here.
 *
 * What this does not prove: that the entry is written in the same transaction at run time (writeAudit
 * takes the transaction's context — `Tx` — so the types keep it there), nor that an audited branch is
 * the one taken; nor does it see writes made through an object of functions (the importers' `spec.create`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Writers that write no audit entry of their own, each with the reason. Keys are `file:function`. */
const SKIPPED: Record<string, string> = {
  'src/app/audit/write-audit.ts:writeAudit': 'the audit entry itself',
  'src/app/orders/orders.ts:orderTx': 'the transaction helper of the order use cases, each of which audits',
  'src/app/billing/billing-plan.ts:previewBilling': 'a preview: runs the billing run in a transaction that is rolled back',
  'src/app/billing/receivables.ts:sendReminders': 'a scheduled job: each reminder is recorded in reminder_sent, which is its history',
  'src/app/crm/notify.ts:runTaskReminders': 'a scheduled job: it marks tasks as reminded, no business data changes',
  'src/app/inventory/import-inventory.ts:importInventory': 'every row is created by the create* use case of its kind (spec.create), which audits',
  'src/app/parties/auth.ts:logout': 'ends the caller\'s own session; sessions are not business data (login and logout are not audited)',
  'src/app/quoting/feasibility-gate.ts:recordBackings': 'a step inside sendProposal\'s transaction, which audits the send',
  'src/app/quoting/proposals.ts:settleVersion': 'a step inside the proposal use cases\' transactions, which audit',
  'src/app/sales/decisions.ts:recordDecision': 'a step inside decideProposal\'s transaction, which audits the decision',
  'src/app/sales/links.ts:issueLink': 'a step inside emailProposal / sendSurvey, which audit the send',
  'src/app/system/dump.ts:importData': 'restores a dump, audit_log rows included, into an empty database',
  'src/app/system/purge-sessions.ts:purgeSessions': 'housekeeping job: deletes expired sessions',
};

interface Fn { key: string; name: string; exported: boolean; writes: boolean; calls: Set<string>; auditsItself: boolean }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const WRITES = /\b(inTransaction|orderTx)\(|\.(insertInto|updateTable|deleteFrom)\(/;

/** Top-level functions (declarations and arrow functions bound to a const) of every file under src/app. */
function functionsOfApp(): Fn[] {
  const out: Fn[] = [];
  for (const path of sourceFiles(join(ROOT, 'src/app'))) {
    const file = relative(ROOT, path);
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (name: string, body: ts.Node, exported: boolean) => {
      const calls = new Set<string>();
      const visit = (n: ts.Node) => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) calls.add(n.expression.text);
        ts.forEachChild(n, visit);
      };
      visit(body);
      out.push({ key: `${file}:${name}`, name, exported, writes: WRITES.test(body.getText()), calls, auditsItself: calls.has('writeAudit') });
    };
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (ts.isFunctionDeclaration(st) && st.name && st.body) add(st.name.text, st.body, exported);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) add(d.name.text, d.initializer, exported);
        }
      }
    }
  }
  return out;
}

/** Names of functions that write an audit entry, directly or through what they call (a fixpoint). */
function auditingNames(fns: Fn[]): Set<string> {
  const audited = new Set(fns.filter((f) => f.auditsItself).map((f) => f.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const f of fns) {
      if (!audited.has(f.name) && [...f.calls].some((c) => audited.has(c))) { audited.add(f.name); grew = true; }
    }
  }
  return audited;
}

describe('every mutating use case writes an audit entry', () => {
  const fns = functionsOfApp();
  const writers = fns.filter((f) => f.exported && f.writes);

  it('finds the use cases (the scan itself works)', () => {
    expect(writers.length).toBeGreaterThan(100);
    expect(writers.map((f) => f.key)).toEqual(expect.arrayContaining(['src/app/flows/order-handoff.ts:handOffOrder', 'src/app/billing/payments.ts:applyClientCredit']));
  });

  it('each exported writer in src/app audits, or is skipped with its reason', () => {
    const audited = auditingNames(fns);
    const missing = writers.filter((f) => !audited.has(f.name) && !SKIPPED[f.key]).map((f) => f.key);
    expect(missing).toEqual([]);
  });

  it('the skip table names only writers that still exist and still do not audit', () => {
    const audited = auditingNames(fns);
    const stale = Object.keys(SKIPPED).filter((k) => { const f = writers.find((w) => w.key === k); return !f || audited.has(f.name); });
    expect(stale).toEqual([]);
    for (const reason of Object.values(SKIPPED)) expect(reason.length).toBeGreaterThan(10);
  });
});
