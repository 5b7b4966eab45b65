import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{f as a}from"./chunk-7AK3FYA2.mjs";import"./chunk-S4ZNIB77.mjs";import"./chunk-4FD4IF4D.mjs";import"./chunk-L6FOHEUE.mjs";import"./chunk-H2QK4MAM.mjs";import"./chunk-FACGWAUT.mjs";export{a as GitStageHistory};
