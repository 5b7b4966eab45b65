import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-HWMF6CA3.mjs";import"./chunk-N2G445YT.mjs";import"./chunk-VBJOYLY7.mjs";import"./chunk-S56OJVKB.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
