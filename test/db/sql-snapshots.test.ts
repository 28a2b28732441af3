import { describe, expect, it } from 'vitest';
import { captureSnapshots, readSnapshot } from './sql-capture.ts';

describe('SQL snapshots of the big raw statements', () => {
  it('billing run, end of day, forecast, aging and daily summary send the SQL checked in (regenerate with --write)', async () => {
    const now = await captureSnapshots();
    for (const [name, text] of Object.entries(now)) {
      expect(text.length, `${name} captured nothing`).toBeGreaterThan(0);
      expect(text, `test/db/sql-snapshots/${name}.sql differs: run npm run sql:snapshots and review the diff`).toBe(readSnapshot(name));
    }
  }, 300_000);
});
