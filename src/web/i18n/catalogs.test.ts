import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from '../../domain/messages.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? filesUnder(p, ext) : ext.test(d.name) ? [p] : [];
  });
}

const tsxFiles = filesUnder(webDir, /\.tsx$/);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('UI catalogs', () => {
  it('Russian and English have exactly the same keys', () => {
    const ruKeys = Object.keys(ru).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys.filter((k) => !ruKeys.includes(k)), 'keys only in en.ts').toEqual([]);
    expect(ruKeys.filter((k) => !enKeys.includes(k)), 'keys only in ru.ts').toEqual([]);
  });

  it('every text is non-empty and both languages use the same {{placeholders}}', () => {
    for (const [k, v] of Object.entries(ru)) {
      expect(v.trim(), `ru ${k}`).not.toBe('');
      const e = (en as Record<string, string>)[k] ?? '';
      expect(e.trim(), `en ${k}`).not.toBe('');
      expect(placeholders(e), `placeholders of ${k}`).toEqual(placeholders(v));
    }
  });

  it('the English catalog is really English (no Cyrillic apart from language names)', () => {
    const cyr = Object.entries(en).filter(([k, v]) => /[\u0400-\u04FF]/.test(v) && k !== 'language.ru');
    expect(cyr).toEqual([]);
  });

  it('the server message catalog (second namespace) is complete in both languages', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.ru).sort());
  });

  it('every literal key passed to t() in the UI exists in the catalog', () => {
    const missing: string[] = [];
    for (const file of [...tsxFiles, ...filesUnder(webDir, /\.ts$/).filter((f) => !f.endsWith('.test.ts'))]) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([^']+)'/g)) {
        if (!(m[1]! in ru)) missing.push(`${relative(webDir, file)}: ${m[1]}`);
      }
      for (const m of src.matchAll(/\bkey: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) {
        if (!(m[1]! in ru)) missing.push(`${relative(webDir, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('UI components', () => {
  it('found the .tsx files to check', () => {
    expect(tsxFiles.length).toBeGreaterThan(5);
  });

  it('no .tsx file contains Cyrillic text — all Russian goes through the catalogs', () => {
    const offenders: string[] = [];
    for (const file of tsxFiles) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/[\u0400-\u04FF]/.test(line)) offenders.push(`${relative(webDir, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('no .tsx file has an obvious hard-coded English sentence between JSX tags', () => {
    const offenders: string[] = [];
    for (const file of tsxFiles) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        // `>Two words<` of plain text as a JSX child; the product name and symbols are fine.
        for (const m of line.matchAll(/>\s*([A-Za-z][A-Za-z,.!?' ]*[a-z][A-Za-z,.!?' ]*)\s*</g)) {
          if (/\s/.test(m[1]!.trim()) || /^[A-Z][a-z]{3,}$/.test(m[1]!.trim())) {
            if (m[1]!.trim() !== 'Rackdesk') offenders.push(`${relative(webDir, file)}:${i + 1}: ${m[1]}`);
          }
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
