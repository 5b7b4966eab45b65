import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-4SZHV36T.mjs";import"./chunk-4FD4IF4D.mjs";import"./chunk-L6FOHEUE.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as runRules,a as validateChange};
