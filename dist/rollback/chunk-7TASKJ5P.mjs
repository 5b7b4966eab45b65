import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-6YI4B2OE.mjs";import"./chunk-ZTTNT4R2.mjs";import"./chunk-L7O62GFT.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as runRules,a as validateChange};
