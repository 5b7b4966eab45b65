#!/usr/bin/env node
// The installed `modelreg` command: everything lives in the compiled CLI.
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
