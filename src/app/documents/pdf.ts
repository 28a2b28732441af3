import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);
const fontsDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}
const pm = pdfmake as unknown as PdfMake;
pm.setFonts({
  // Roboto covers Cyrillic, so Russian documents render without extra fonts.
  Roboto: {
    normal: join(fontsDir, 'Roboto-Regular.ttf'), bold: join(fontsDir, 'Roboto-Medium.ttf'),
    italics: join(fontsDir, 'Roboto-Italic.ttf'), bolditalics: join(fontsDir, 'Roboto-MediumItalic.ttf'),
  },
});
// Documents are built from our own data only: no remote images, no files but the fonts.
pm.setUrlAccessPolicy(() => false);
pm.setLocalAccessPolicy((p) => p.startsWith(fontsDir));

/** Common look of Rackdesk documents: A4, 10pt Roboto, styles `h1`, `h2`, `small`, `th`. */
export const baseDocument: Partial<TDocumentDefinitions> = {
  pageSize: 'A4',
  pageMargins: [40, 40, 40, 50],
  defaultStyle: { font: 'Roboto', fontSize: 10 },
  styles: {
    h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 8] },
    h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
    small: { fontSize: 8, color: '#555555' },
    th: { bold: true, fillColor: '#eeeeee' },
  },
};

/** Renders a pdfmake document definition to PDF bytes. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return pm.createPdf({ ...baseDocument, ...doc, styles: { ...baseDocument.styles, ...doc.styles } }).getBuffer();
}
