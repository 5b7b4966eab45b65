import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-RDDK4WGU.mjs";import"./chunk-5JHKMJZT.mjs";import"./chunk-PO3522X2.mjs";import"./chunk-R2ZPICV3.mjs";import"./chunk-ABSVWJSW.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
