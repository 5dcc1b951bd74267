// The bin: runs the bundle (dist/bundle.cjs) through V8's code cache (dist/bundle.cache), so that
// a start compiles next to nothing: the 1.3 MB bundle and the functions the first frames call
// were compiled once, at build time (scripts/build.mjs). A cache that does not fit this node (other
// version, other flags) is refused by V8 and the bundle compiles as usual.
'use strict';
const {readFileSync, renameSync, writeFileSync} = require('node:fs');
const {createRequire} = require('node:module');
const path = require('node:path');
const {Script} = require('node:vm');

const bundle = path.join(__dirname, 'bundle.cjs');
const cacheFile = path.join(__dirname, 'bundle.cache');
let cachedData;
try {
	cachedData = readFileSync(cacheFile);
} catch {}

// The bundle is ASCII (build.mjs makes sure), so latin1 is the cheapest exact decoding. The
// wrapper is CommonJS's own, on the first line so that line numbers stay the bundle's.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`;
const script = new Script(source, {filename: bundle, cachedData});
if (process.env.BPFTOP_WRITE_CODE_CACHE === '1') {
	// After a run, the cache holds every function compiled so far, not only the top level.
	process.once('exit', () => {
		writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
		renameSync(`${cacheFile}.tmp`, cacheFile);
	});
}

script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, __dirname);
