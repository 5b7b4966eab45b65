import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a}from"./chunk-2ON6OFU3.mjs";import"./chunk-JNTO7PRA.mjs";import"./chunk-ZTTNT4R2.mjs";import"./chunk-L7O62GFT.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
