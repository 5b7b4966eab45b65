/**
 * Entry point of the modelreg validation action (action.yml). Everything
 * happens in main.ts; this file only runs it.
 */
import { run } from './main.js';

await run();
