// The JScript grammar, in a module of its own so that parse/jscript.ts can load it on first use with
// `require` while esbuild still resolves @lezer/javascript here as an ES module (one copy of @lezer/lr
// and @lezer/common in each bundle; a `require` of the package itself took its CommonJS build).
export { parser } from '@lezer/javascript';
