import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-GP3D7STS.mjs";import"./chunk-GVIGDPBC.mjs";import"./chunk-TMNUT6G5.mjs";import"./chunk-SUNKISHF.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
