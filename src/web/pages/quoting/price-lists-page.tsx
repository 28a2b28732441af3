import { useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { upload } from '../../lib/api.ts';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { ListTable, useList } from '../../components/list.tsx';
import { errorText, importProblems } from '../../lib/errors.ts';
import { fmtDate, fmtInstant } from '../../lib/format.ts';
import { rub } from '../../lib/quoting.ts';

interface PreviewRow { lineNo: number; sku: string; component: string; billing: string; price: string; description: string | null }
interface PriceList { id: string; supplierId: string; supplierName: string; effectiveFrom: string; sourceName: string | null; lineCount: number; importedBy: string; importedAt: string }

/** Supplier price lists: choose supplier and date, check the file (preview or line-numbered errors), import; history below. */
export function PriceListsPage() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [supplier, setSupplier] = useState<Picked | null>(null);
  const supplierId = supplier?.id ?? '';
  const [effective, setEffective] = useState(new Date().toISOString().slice(0, 10));
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  // Every version (of the supplier chosen, or of all), newest first: sorted and paged on the server.
  const history = useList<PriceList>('/price-lists', { sort: '-effectiveFrom', fixed: { supplierId: supplierId || null } });
  const loadHistory = history.reload;

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
      setProblems(importProblems(e));
    }
  }

  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('prices.title')}</h1><p className="page-sub">{t('prices.subtitle')}</p></div></div>
      <div className="card form-card">
        <div className="form-grid">
          <Field id="pl-supplier" label={t('prices.supplier')} required>
            <CompanyPicker id="pl-supplier" label={t('prices.supplier')} role="supplier" value={supplier} onChange={setSupplier} testId="pl-supplier" />
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
          {problems.length ? <>{t('prices.errorsTitle')}<ul>{problems.map((p, i) => <li key={i} data-testid="pl-error">{p}</li>)}</ul></> : banner}
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
      <ListTable list={history} rowKey={(h) => h.id} testId="pl-history" empty={t('prices.noHistory')} caption={t('prices.history')} columns={[
        { key: 'effective', label: t('prices.effective'), sort: 'effectiveFrom', render: (h) => fmtDate(h.effectiveFrom, lang) },
        { key: 'supplier', label: t('prices.supplier'), sort: 'supplier', render: (h) => h.supplierName },
        { key: 'file', label: t('prices.file'), sort: 'source', render: (h) => h.sourceName },
        { key: 'lines', label: t('prices.lines'), sort: 'lines', num: true, render: (h) => h.lineCount },
        { key: 'imported', label: t('prices.importedAt'), sort: 'importedAt', render: (h) => <span className="muted">{fmtInstant(h.importedAt, lang)} · {h.importedBy}</span> },
      ]} />
    </section>
  );
}
