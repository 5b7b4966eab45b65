import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-LKJNHIBG.mjs";import"./chunk-P7BOOQMK.mjs";import"./chunk-4SFFPFI6.mjs";import"./chunk-574KDOCQ.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as runRules,a as validateChange};
