import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-OPYK3UIS.mjs";import"./chunk-OFFBZP7I.mjs";import"./chunk-L7O62GFT.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as runRules,a as validateChange};
