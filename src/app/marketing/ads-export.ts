import ExcelJS from 'exceljs';
import type { GoogleAdText, YandexAdText } from '../../domain/marketing/ads-limits.ts';

/**
 * The files the networks' desktop tools import. Yandex Direct Commander: an XLSX sheet in the layout of
 * Direct's «Excel for Commander» file — one row per keyword and per ad of a group, the first ad of a group
 * on its first row, further ads marked «+» in «Доп. объявление группы». Google Ads Editor: a CSV (UTF-8 with
 * BOM, comma-separated) with Campaign / Ad group rows for keywords and for responsive search ads.
 */

export interface ExportGroup {
  campaign: string;
  group: string;
  keywords: string[];
  ads: { id: string; fields: YandexAdText | GoogleAdText; finalUrl: string }[];
}

/** The Commander columns we fill, in order (README «Объявления для Яндекс Директ и Google Ads»). */
export const YANDEX_COLUMNS = ['Доп. объявление группы', 'Тип объявления', 'Название кампании', 'Название группы', 'Номер группы', 'Фраза (с минус-словами)', 'Заголовок 1', 'Заголовок 2', 'Текст', 'Ссылка', 'ID объявления в Rackdesk'] as const;

export async function yandexCommanderXlsx(groups: ExportGroup[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Тексты');
  ws.addRow([...YANDEX_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  groups.forEach((g, gi) => {
    const n = Math.max(g.keywords.length, g.ads.length, 1);
    for (let i = 0; i < n; i++) {
      const ad = g.ads[i];
      const f = ad?.fields as YandexAdText | undefined;
      ws.addRow([ad ? (i === 0 ? '-' : '+') : '', ad ? 'Текстово-графическое' : '', g.campaign, g.group, gi + 1, g.keywords[i] ?? '', f?.title ?? '', f?.title2 ?? '', f?.text ?? '', ad?.finalUrl ?? '', ad?.id ?? '']);
    }
  });
  ws.columns.forEach((c) => { c.width = 24; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The Google Ads Editor columns we fill, in order. */
export const GOOGLE_COLUMNS = ['Campaign', 'Ad group', 'Keyword', 'Criterion Type', 'Ad type', ...Array.from({ length: 15 }, (_, i) => `Headline ${i + 1}`), ...Array.from({ length: 4 }, (_, i) => `Description ${i + 1}`), 'Path 1', 'Path 2', 'Final URL'] as const;

const cell = (s: string): string => {
  const v = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function googleEditorCsv(groups: ExportGroup[]): Buffer {
  const lines = [GOOGLE_COLUMNS.join(',')];
  const blank = (n: number) => Array.from({ length: n }, () => '');
  for (const g of groups) {
    for (const k of g.keywords) lines.push([g.campaign, g.group, k, 'Phrase', '', ...blank(15), ...blank(4), '', '', ''].map(cell).join(','));
    for (const a of g.ads) {
      const f = a.fields as GoogleAdText;
      const h = [...f.headlines, ...blank(15 - f.headlines.length)];
      const d = [...f.descriptions, ...blank(4 - f.descriptions.length)];
      lines.push([g.campaign, g.group, '', '', 'Responsive search ad', ...h, ...d, f.path1, f.path2, a.finalUrl].map(cell).join(','));
    }
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
