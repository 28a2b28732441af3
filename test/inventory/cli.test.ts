import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture as cli } from '../helpers/cli.ts';
import { engineName } from '../helpers/db.ts';

removeCliEnvsAfterAll();

describe(`rackdesk inventory import / ip next (${engineName})`, () => {
  it('imports prefixes (refusing a bad file with line numbers) and hands out the next IPs', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-inv-cli-' });
    expect((await cli(env, 'migrate')).code).toBe(0);
    const dir = env.RACKDESK_DATA_DIR!;
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'prefix;pool\n192.0.2.0/29;public\nnot-a-prefix;public\n');
    const r1 = await cli(env, 'inventory', 'import', 'prefixes', bad);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('Строка 3');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'prefix;pool\n192.0.2.0/30;public\n2001:db8::/126;public\n');
    const r2 = await cli(env, 'inventory', 'import', 'prefixes', good);
    expect(r2.out, r2.err).toBe('Импортировано (prefixes): 2');
    const ips: string[] = [];
    for (let i = 0; i < 2; i++) { const r = await cli(env, 'ip', 'next', '192.0.2.0/30'); ips.push(r.out || r.err); }
    expect(ips).toEqual(['192.0.2.1', '192.0.2.2']);
    const full = await cli(env, 'ip', 'next', '192.0.2.0/30');
    expect(full.code).not.toBe(0);
    expect(full.err).toContain('192.0.2.0/30');
    expect((await cli(env, 'ip', 'next', '2001:db8::/126')).out).toBe('2001:db8::');
    expect((await cli(env, 'inventory', 'import', 'unicorns', good)).code).toBe(2);
    expect((await cli(env, 'ip', 'next', '198.51.100.0/24')).code).not.toBe(0);
  }, 120_000);
});
