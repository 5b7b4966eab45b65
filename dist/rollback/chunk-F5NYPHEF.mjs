import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{e as a}from"./chunk-SOJ7TGS2.mjs";import"./chunk-2QOSX7C6.mjs";import"./chunk-S7RGH4JL.mjs";import"./chunk-JUILLV3U.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
