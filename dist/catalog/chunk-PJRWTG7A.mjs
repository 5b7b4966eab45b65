import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-6MF2U7VM.mjs";import"./chunk-S6DYQNK4.mjs";import"./chunk-SIG37FCP.mjs";import"./chunk-R2ZPICV3.mjs";import"./chunk-ABSVWJSW.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
