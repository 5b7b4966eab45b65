import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{i as a,j as b}from"./chunk-6GBOVWZD.mjs";import"./chunk-3N6GJSRQ.mjs";import"./chunk-EBZGEPXK.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
