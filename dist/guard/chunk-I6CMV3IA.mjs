import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-C45ELUV7.mjs";import"./chunk-PLF7LORQ.mjs";import"./chunk-MTTQD3UR.mjs";import"./chunk-KLI6VXO6.mjs";import"./chunk-IB43TB6C.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
