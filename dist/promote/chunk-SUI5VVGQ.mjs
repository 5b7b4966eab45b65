import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-LMLF6VUO.mjs";import"./chunk-E3QYKJQS.mjs";import"./chunk-4JSHVQLH.mjs";import"./chunk-YCPCTEPX.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
