import { useCallback, useEffect, useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, ApiError, upload, type Company, type Page } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { fmtDate, fmtInstant } from '../../lib/format.ts';
import { rub } from '../../lib/quoting.ts';

interface PreviewRow { lineNo: number; sku: string; component: string; billing: string; price: string; description: string | null }
interface PriceList { id: string; supplierId: string; effectiveFrom: string; sourceName: string | null; lineCount: number; importedBy: string; importedAt: string }

/** Supplier price lists: choose supplier and date, check the file (preview or line-numbered errors), import; history below. */
export function PriceListsPage() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [suppliers, setSuppliers] = useState<Company[]>([]);
  const [supplierId, setSupplierId] = useState('');
  const [effective, setEffective] = useState(new Date().toISOString().slice(0, 10));
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [history, setHistory] = useState<PriceList[]>([]);

  useEffect(() => {
    api<Page<Company>>('GET', '/companies?role=supplier&limit=200').then((p) => { setSuppliers(p.items); setSupplierId((s) => s || p.items[0]?.id || ''); }).catch(() => {});
  }, []);
  const loadHistory = useCallback(() => {
    api<{ items: PriceList[] }>('GET', `/price-lists${supplierId ? `?supplierId=${encodeURIComponent(supplierId)}` : ''}`).then((r) => setHistory(r.items)).catch(() => {});
  }, [supplierId]);
  useEffect(loadHistory, [loadHistory]);

  async function send(kind: 'preview' | 'import') {
    if (!file || !supplierId) { setBanner(t('prices.pickSupplier')); return; }
    setBanner(null); setProblems([]);
    const q = `?supplierId=${encodeURIComponent(supplierId)}&effectiveFrom=${effective}&fileName=${encodeURIComponent(file.name)}`;
    try {
      if (kind === 'preview') {
        const r = await upload<{ rows: PreviewRow[] }>(`/price-lists/preview${q}`, file, lang);
        setPreview(r.rows);
      } else {
        const r = await upload<{ lines: number; repricedVersions: number }>(`/price-lists${q}`, file, lang);
        toast.success(t('prices.imported', { lines: r.lines, repriced: r.repricedVersions }));
        setPreview(null); setFile(null); loadHistory();
      }
    } catch (e) {
      setPreview(null);
      setBanner(errorText(e, t));
      if (e instanceof ApiError) setProblems(e.fieldErrors.map((f) => ({ path: f.path, message: f.message })));
    }
  }

  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('prices.title')}</h1><p className="page-sub">{t('prices.subtitle')}</p></div></div>
      <div className="card form-card">
        <div className="form-grid">
          <Field id="pl-supplier" label={t('prices.supplier')} required>
            <select id="pl-supplier" data-testid="pl-supplier" value={supplierId} onChange={(e) => setSupplierId(e.target.value)}>
              {suppliers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <Field id="pl-effective" label={t('prices.effective')} required>
            <input id="pl-effective" type="date" data-testid="pl-effective" value={effective} onChange={(e) => setEffective(e.target.value)} />
          </Field>
          <Field id="pl-file" label={t('prices.file')} wide required>
            <input id="pl-file" type="file" accept=".csv,.xlsx" data-testid="pl-file" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); setProblems([]); }} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="btn" data-testid="pl-preview" onClick={() => void send('preview')}>{t('prices.preview')}</button>
          <button type="button" className="btn btn-primary" data-testid="pl-import" disabled={!preview} onClick={() => void send('import')}>{t('prices.import')}</button>
        </div>
      </div>
      {banner ? (
        <Banner kind="error" testId="pl-errors">
          {problems.length ? <>{t('prices.errorsTitle')}<ul>{problems.map((p, i) => <li key={i}>{p.path}: {p.message}</li>)}</ul></> : banner}
        </Banner>
      ) : null}
      {preview ? (
        <div className="card table-card" data-testid="pl-preview-table">
          <div className="section-head" style={{ padding: '10px 14px 0' }}><strong>{t('prices.previewTitle', { count: preview.length })}</strong></div>
          <table className="table">
            <thead><tr><th>#</th><th>{t('prices.sku')}</th><th>{t('prices.component')}</th><th>{t('prices.billing')}</th><th className="num">{t('prices.price')}</th></tr></thead>
            <tbody>{preview.map((r) => <tr key={r.lineNo}><td>{r.lineNo}</td><td className="mono">{r.sku}</td><td>{r.component}</td><td>{r.billing}</td><td className="num">{rub(r.price, lang)}</td></tr>)}</tbody>
          </table>
        </div>
      ) : null}
      <h2 style={{ marginTop: 20 }}>{t('prices.history')}</h2>
      <div className="card table-card">
        <table className="table" data-testid="pl-history">
          <thead><tr><th>{t('prices.effective')}</th><th>{t('prices.file')}</th><th className="num">{t('prices.lines')}</th><th>{t('prices.importedAt')}</th></tr></thead>
          <tbody>{history.map((h) => <tr key={h.id}><td>{fmtDate(h.effectiveFrom, lang)}</td><td>{h.sourceName}</td><td className="num">{h.lineCount}</td><td className="muted">{fmtInstant(h.importedAt, lang)} · {h.importedBy}</td></tr>)}</tbody>
        </table>
      </div>
    </section>
  );
}
