import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-3EKY6B7Q.mjs";import"./chunk-MTTQD3UR.mjs";import"./chunk-KLI6VXO6.mjs";import"./chunk-IB43TB6C.mjs";import"./chunk-FACGWAUT.mjs";export{b as run,a as validateChange};
