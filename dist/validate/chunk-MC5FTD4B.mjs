import { createRequire as __modelregCreateRequire } from 'node:module';
const require = __modelregCreateRequire(import.meta.url);
var r=class extends Error{constructor(e,s,t,d=2){super(s);this.code=e;this.hint=t;this.exitCode=d}code;hint;exitCode;name="UserError"},o=class extends r{constructor(e,s){super("CONTRACT_VIOLATION",e,"Fix the findings listed above and try again.",1);this.findings=s}findings};function a(n){return n instanceof r}export{r as a,o as b,a as c};
