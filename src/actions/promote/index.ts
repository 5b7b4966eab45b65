/** Entry point of actions/promote: opens a promotion pull request. */
import { runLifecycleAction } from '../lifecycle/main.js';

await runLifecycleAction('promote');
