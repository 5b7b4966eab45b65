import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-37VWR3NL.mjs";import"./chunk-CUORKUAL.mjs";import"./chunk-SZQMZM4E.mjs";import"./chunk-AU33C2K4.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
