import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{j as a,k as b}from"./chunk-5ZCHV4A4.mjs";import"./chunk-NEPHKNZD.mjs";import"./chunk-ATKRQM7U.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-H7I7LJ3K.mjs";import"./chunk-C7IQDAEV.mjs";export{b as run,a as validateChange};
