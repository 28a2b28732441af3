/**
 * `npm run bench [-- name…]`: runs every `bench/*.bench.ts` (or the named ones) and prints figures.
 * Benchmarks are not tests: they assert nothing, they measure and print.
 * With BENCH_DATABASE_URL (or TEST_DATABASE_URL) set, PostgreSQL figures are printed next to PGlite's.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));

for (const f of files) {
  console.log(`\n=== ${f.replace('.bench.ts', '')} ===`);
  const mod = (await import(join(here, f))) as { run: () => Promise<void> };
  await mod.run();
}
