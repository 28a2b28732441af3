import { useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { upload } from '../../lib/api.ts';
import { errorText, importProblems } from '../../lib/errors.ts';

/** This month and the one `n` months before, as `YYYY-MM`. */
export function monthsBack(n: number, now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 7);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15));
  return { from: d.toISOString().slice(0, 7), to };
}

/** Kopecks (a string from the API) as whole rubles for a chart's bar length. */
export const rubNumber = (k: string | null): number => (k === null ? 0 : Number(BigInt(k) / 100n));

/** A CSV/XLSX upload card: sends the file, lists line-numbered errors, reports the count. */
export function ImportCard(props: { path: string; label: string; hint: string; testId: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send() {
    if (!file) return;
    setBusy(true); setBanner(null); setProblems([]);
    try {
      const r = await upload<{ count: number }>(`${props.path}?fileName=${encodeURIComponent(file.name)}`, file, lang);
      toast.success(t('mkt.imported', { count: r.count }));
      setFile(null);
      props.onDone();
    } catch (e) {
      setBanner(errorText(e, t));
      setProblems(importProblems(e));
    } finally { setBusy(false); }
  }
  return (
    <div className="card form-card">
      <div className="form-grid">
        <Field id={`${props.testId}-file`} label={props.label} hint={props.hint} wide>
          <input id={`${props.testId}-file`} type="file" accept=".csv,.xlsx" data-testid={`${props.testId}-file`} onChange={(e) => { setFile(e.target.files?.[0] ?? null); setProblems([]); setBanner(null); }} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" disabled={!file || busy} data-testid={`${props.testId}-send`} onClick={() => void send()}>{t('mkt.import')}</button>
      </div>
      {banner ? (
        <Banner kind="error" testId={`${props.testId}-errors`}>
          {problems.length ? <>{t('mkt.importErrors')}<ul>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul></> : banner}
        </Banner>
      ) : null}
    </div>
  );
}
