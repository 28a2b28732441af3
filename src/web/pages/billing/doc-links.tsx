import { useI18n } from '../../i18n/index.ts';

/** The file behind each document an invoice row offers (PDFs, and the tax service XML for e-invoicing). */
export const DOC_FILE = {
  invoice: 'invoice.pdf', act: 'act.pdf', factura: 'factura.pdf', upd: 'upd.pdf', updXml: 'upd.xml', ukd: 'ukd.pdf', ukdXml: 'ukd.xml',
} as const;
export type DocKind = keyof typeof DOC_FILE;

/** Download links for the documents of one invoice or correction. */
export function DocLinks({ id, number, year, documents }: { id: string; number: number; year: number; documents: string[] }) {
  const { t } = useI18n();
  return (
    <span className="doc-links">
      {documents.filter((d): d is DocKind => d in DOC_FILE).map((d) => (
        <a key={d} href={`/api/v1/billing/invoices/${id}/${DOC_FILE[d]}`} download data-testid={`doc-${d}`}
          aria-label={t('docs.file.aria', { doc: t(`docs.file.${d}`), number, year })}>{t(`docs.file.${d}`)}</a>
      ))}
    </span>
  );
}
