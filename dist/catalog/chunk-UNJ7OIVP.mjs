import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{s as e}from"./chunk-LYVIAM3F.mjs";import{L as i}from"./chunk-YPXN66PV.mjs";function g(t,r,o){return e.atCommit(t.git,r,o,t.root)}function p(t,r,o){return new e(t.git,r,o,t.root)}function y(t,r){return i(t.root,r)}export{g as a,p as b,y as c};
