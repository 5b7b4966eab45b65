import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-WRPX6XYH.mjs";import"./chunk-5UT6LAXR.mjs";import"./chunk-HP7DOJ75.mjs";import"./chunk-FN33OUPP.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
