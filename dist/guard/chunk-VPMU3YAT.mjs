import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-VP2RSVT2.mjs";import"./chunk-57HLTUAN.mjs";import"./chunk-YH4BLNDY.mjs";import"./chunk-L6FOHEUE.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
