import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-NWNWGYDP.mjs";import"./chunk-VBJOYLY7.mjs";import"./chunk-S56OJVKB.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
