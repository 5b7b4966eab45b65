import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a}from"./chunk-QRLIKGSV.mjs";import"./chunk-SO2HWCRZ.mjs";import"./chunk-XZZVW46E.mjs";import"./chunk-L6FOHEUE.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
