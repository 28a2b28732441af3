#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx registers the loader, then the CLI runs.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
