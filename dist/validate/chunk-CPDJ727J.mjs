import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{i as a,j as b}from"./chunk-BIWCR2RT.mjs";import"./chunk-Z6EHBPWX.mjs";import"./chunk-PZXU6PLY.mjs";import"./chunk-NNL2M62Q.mjs";import"./chunk-MC5FTD4B.mjs";import"./chunk-C7IQDAEV.mjs";export{b as run,a as validateChange};
