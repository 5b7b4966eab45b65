import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{t as e}from"./chunk-HP7DOJ75.mjs";import{R as i}from"./chunk-FN33OUPP.mjs";function g(t,r,o){return e.atCommit(t.git,r,o,t.root)}function p(t,r,o){return new e(t.git,r,o,t.root)}function y(t,r){return i(t.root,r)}export{g as a,p as b,y as c};
