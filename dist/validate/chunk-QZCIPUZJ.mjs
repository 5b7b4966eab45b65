import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{j as a,k as b}from"./chunk-OOBIS5ZS.mjs";import"./chunk-D7DK7WKK.mjs";import"./chunk-KIIXT23P.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-FUACE6PF.mjs";import"./chunk-C7IQDAEV.mjs";export{b as runRules,a as validateChange};
