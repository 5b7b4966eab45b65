import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-4QGNWG5H.mjs";import"./chunk-VH2GYAAE.mjs";import"./chunk-P6H6SCM3.mjs";import"./chunk-X54XHC2C.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
