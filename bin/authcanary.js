#!/usr/bin/env node
// authcanary's CLI entry: loads the TypeScript sources through tsx (no build step).
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
