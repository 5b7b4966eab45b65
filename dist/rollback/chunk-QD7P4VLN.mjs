import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-HMH7MEWZ.mjs";import"./chunk-4JSHVQLH.mjs";import"./chunk-YCPCTEPX.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
