import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-HXQEPDUU.mjs";import"./chunk-P6H6SCM3.mjs";import"./chunk-X54XHC2C.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
