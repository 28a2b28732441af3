import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const outerLayers = ['**/http/**', '**/cli/**', '**/jobs/**', '**/web/**', '**/bootstrap.ts', '**/config.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['bin/**', '**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  { files: ['src/web/**'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Import direction (ARCHITECTURE.md, "Layers"): domain -> nothing; app -> domain, db; db -> domain; http|cli|jobs -> app.
  { files: ['src/domain/**'], rules: restrict([
    { group: ['node:*', 'fs', 'path', 'crypto', 'pg', 'kysely', '@electric-sql/*', 'fastify', '@fastify/*'], message: 'domain is pure: no I/O or framework imports' },
    { group: ['**/app/**', '**/db/**', ...outerLayers], message: 'domain imports nothing outside domain' },
  ]) },
  { files: ['src/db/**'], rules: restrict([{ group: ['**/app/**', ...outerLayers], message: 'db must not import app or outer layers' }]) },
  { files: ['src/app/**'], rules: restrict([{ group: outerLayers, message: 'app must not import http, cli, jobs or web' }]) },
  { files: ['src/http/**', 'src/cli/**', 'src/jobs/**'], rules: restrict([{ group: ['**/web/**'], message: 'server code must not import the web UI' }]) },
  { files: ['src/web/**'], ignores: ['src/web/**/*.test.ts'], rules: restrict([
    { group: ['**/app/**', '**/db/**', '**/http/**', '**/cli/**', '**/jobs/**', 'node:*', 'pg', 'kysely'], message: 'the web UI talks to the REST API only; it may share pure domain code' },
  ]) },
);
