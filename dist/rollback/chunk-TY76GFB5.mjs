import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-OSNJHXTT.mjs";import"./chunk-HTKFLIBL.mjs";import"./chunk-RKR2AZEG.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
