#!/usr/bin/env node
// The installed `modelreg` command: the CLI bundled by scripts/build-cli.ts.
import module from 'node:module';

// Node 22+ caches compiled code between runs (a no-op on Node 20): start-up
// is most of a short command's time.
module.enableCompileCache?.();
const { main } = await import('../lib/cli-bundle/modelreg-cli.js');

process.exitCode = await main(process.argv.slice(2));
