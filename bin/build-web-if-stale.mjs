#!/usr/bin/env node
// Builds the web UI only when dist/web is missing or older than its sources, so `npm start` does not
// rebuild on every start and runs after `npm ci --omit=dev` once the UI was built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'web', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = Math.max(newest(join(root, 'src', 'web')), newest(join(root, 'src', 'domain')), newest(join(root, 'vite.config.ts')));
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  console.error(existsSync(built)
    ? 'Веб-интерфейс старше исходников, а vite не установлен (npm ci --omit=dev): работает прежняя сборка.'
    : 'Веб-интерфейс не собран, а vite не установлен: соберите его (npm ci && npm run build:web) до установки без dev-зависимостей. API работает.');
  process.exit(0);
}
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
