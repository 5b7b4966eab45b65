import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{j as a,k as b}from"./chunk-FDGSQ6E4.mjs";import"./chunk-KSPLWXUV.mjs";import"./chunk-KIIXT23P.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-FUACE6PF.mjs";import"./chunk-C7IQDAEV.mjs";export{b as runRules,a as validateChange};
