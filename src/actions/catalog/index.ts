/** Entry point of actions/catalog: builds the static catalog site. */
import { run } from './main.js';

await run();
