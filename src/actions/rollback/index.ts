/** Entry point of actions/rollback: opens a rollback pull request. */
import { runLifecycleAction } from '../lifecycle/main.js';

await runLifecycleAction('rollback');
