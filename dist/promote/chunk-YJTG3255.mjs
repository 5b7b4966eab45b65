import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-K52HRCLZ.mjs";import"./chunk-YQGAWP62.mjs";import"./chunk-MKF2H72D.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
