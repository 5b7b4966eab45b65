import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{i as a,j as b}from"./chunk-KWV5JJWQ.mjs";import"./chunk-TDEQUASH.mjs";import"./chunk-EBZGEPXK.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
