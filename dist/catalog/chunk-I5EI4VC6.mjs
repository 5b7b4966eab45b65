import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{r as o}from"./chunk-SZQMZM4E.mjs";import{K as e}from"./chunk-AU33C2K4.mjs";function s(t,r,i){return o.atCommit(t.git,r,i,t.root)}function p(t,r,i){return new o(t.git,r,i,t.root)}function y(t,r){return e(t.root,r)}export{s as a,p as b,y as c};
