import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-GP5C2EWR.mjs";import"./chunk-7D2APJVU.mjs";import"./chunk-LYVIAM3F.mjs";import"./chunk-YPXN66PV.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
