import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-GPO2BES2.mjs";import"./chunk-CEAIS6IC.mjs";import"./chunk-BT645HD7.mjs";import"./chunk-CKIVGDAJ.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
