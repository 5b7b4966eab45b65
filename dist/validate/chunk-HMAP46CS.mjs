import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{i as a,j as b}from"./chunk-VBFEQK2I.mjs";import"./chunk-JSQ3NDYC.mjs";import"./chunk-4WZFO7ZZ.mjs";import"./chunk-ABSVWJSW.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
