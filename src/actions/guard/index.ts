/** Entry point of actions/guard: judges live metrics against the guardrails; on a breach opens an emergency rollback pull request. */
import { runGuardAction } from './main.js';

await runGuardAction();
