import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
import{w as i}from"./chunk-KSPLWXUV.mjs";import{N as o}from"./chunk-KIIXT23P.mjs";function p(r,t,e){return i.atCommit(r.git,t,e,r.root,r.parsedFiles)}function g(r,t,e){return new i(r.git,t,e,r.root,r.parsedFiles)}function a(r,t){return o(r.root,t)}export{p as a,g as b,a as c};
