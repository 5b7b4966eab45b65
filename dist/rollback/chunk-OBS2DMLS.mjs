import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a}from"./chunk-HV7EJJGN.mjs";import"./chunk-HEKPLRGR.mjs";import"./chunk-OFFBZP7I.mjs";import"./chunk-L7O62GFT.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
