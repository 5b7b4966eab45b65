import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-E3VVVNGU.mjs";import"./chunk-SEYFVJDC.mjs";import"./chunk-57BNAIG3.mjs";import"./chunk-RKR2AZEG.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
