#!/usr/bin/env node
// The installed `modelreg` command: the CLI bundled by scripts/build-cli.ts.
import { main } from '../lib/cli-bundle/modelreg-cli.js';

process.exitCode = await main(process.argv.slice(2));
