#!/usr/bin/env node
// The `rekindle` bin: runs the TypeScript CLI (infra/cli/main.ts) through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
