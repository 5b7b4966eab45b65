import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{i as a,j as b}from"./chunk-WLII3UHK.mjs";import"./chunk-2WDFJIQA.mjs";import"./chunk-RFVJWSGT.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-6JOODT2H.mjs";import"./chunk-C7IQDAEV.mjs";export{b as run,a as validateChange};
