import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{r as e}from"./chunk-4JJGMJQV.mjs";import{K as i}from"./chunk-RUKV5MWG.mjs";function g(t,r,o){return e.atCommit(t.git,r,o,t.root)}function p(t,r,o){return new e(t.git,r,o,t.root)}function y(t,r){return i(t.root,r)}export{g as a,p as b,y as c};
