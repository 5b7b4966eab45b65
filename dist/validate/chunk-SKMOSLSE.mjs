import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{j as a,k as b}from"./chunk-CFGNTUBF.mjs";import"./chunk-LMAQ7TOM.mjs";import"./chunk-EV3KOMSN.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-H7I7LJ3K.mjs";import"./chunk-C7IQDAEV.mjs";export{b as run,a as validateChange};
