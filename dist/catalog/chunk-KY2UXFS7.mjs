import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-ZHDIC7SD.mjs";import"./chunk-HJJANYNQ.mjs";import"./chunk-4JJGMJQV.mjs";import"./chunk-RUKV5MWG.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
