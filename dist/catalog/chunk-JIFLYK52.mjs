import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-JPD2K6QF.mjs";import"./chunk-PL6QP2ZN.mjs";import"./chunk-WOND2M6E.mjs";import"./chunk-ISQZA73S.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
