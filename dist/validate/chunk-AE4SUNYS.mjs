import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{u as e}from"./chunk-LMAQ7TOM.mjs";import{M as i}from"./chunk-EV3KOMSN.mjs";function g(t,r,o){return e.atCommit(t.git,r,o,t.root)}function p(t,r,o){return new e(t.git,r,o,t.root)}function y(t,r){return i(t.root,r)}export{g as a,p as b,y as c};
