import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture as cli } from '../helpers/cli.ts';
import { engineName } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';

removeCliEnvsAfterAll();

describe(`rackdesk summary daily (${engineName})`, () => {
  it('prints Markdown, writes a PDF, and refuses a bad date with exit code 2', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-crm-cli-', env: { RACKDESK_DEMO: '0' } });
    const md = await cli(env, 'summary', 'daily', '--date', '2026-11-27');
    expect(md.code).toBe(0);
    expect(md.out).toContain('# Сводка за 27.11.2026: вся команда');
    expect(md.out).toContain('## Движение по стадиям (0)');
    const file = join(env.RACKDESK_DATA_DIR, 's.pdf');
    const pdf = await cli(env, 'summary', 'daily', '--date', '2026-11-27', '--format', 'pdf', '--out', file);
    expect(pdf.code).toBe(0);
    expect(await pdfText(readFileSync(file))).toContain('Сводка за 27.11.2026');
    const bad = await cli(env, 'summary', 'daily', '--date', '27.11.2026');
    expect(bad.code, bad.err).toBe(2);
    expect(bad.err).toContain('date: Неверная дата');
  }, 120_000); // three CLI runs, each opening the database
});
