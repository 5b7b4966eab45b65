import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-TPRINC5U.mjs";import"./chunk-62BUFQFZ.mjs";import"./chunk-YQGAWP62.mjs";import"./chunk-MKF2H72D.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
