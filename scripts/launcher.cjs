// The bin, and the main script of the single executable: runs the bundle through V8's code cache,
// so that a start compiles next to nothing: the 1.3 MB bundle and the functions the first frames
// call were compiled once, at build time (scripts/build.mjs). A cache that does not fit this node
// (other version, other flags) is refused by V8 and the bundle compiles as usual.
//   npm install: dist/cli.cjs reads dist/bundle.cjs and dist/bundle.cache.
//   single executable (scripts/sea.mjs): the same two come from its assets, and koffi's native
//   module (bpf(2) calls) too, since there is no node_modules beside it.
'use strict';
const {readFileSync, renameSync, writeFileSync} = require('node:fs');
const path = require('node:path');
const {Script} = require('node:vm');

let sea;
try {
	sea = require('node:sea'); // isSea() since Node 20.12
} catch {}
const single = sea?.isSea?.() === true;
const bundle = single ? path.join(path.dirname(process.execPath), 'bundle.cjs') : path.join(__dirname, 'bundle.cjs');
const asset = key => {
	try {
		return sea.getAsset(key);
	} catch {
		return undefined;
	}
};

let cachedData;
try {
	cachedData = single ? Buffer.from(asset('bundle.cache')) : readFileSync(path.join(__dirname, 'bundle.cache'));
} catch {}

// The bundle is ASCII (build.mjs makes sure), so latin1 is the cheapest exact decoding. The
// wrapper is CommonJS's own, on the first line so that line numbers stay the bundle's.
const text = single ? Buffer.from(asset('bundle.cjs')).toString('latin1') : readFileSync(bundle, 'latin1');
const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
const script = new Script(source, {filename: bundle, cachedData});
const cacheOut = process.env.BPFTOP_WRITE_CODE_CACHE;
if (cacheOut) {
	// Set by the build for one run: afterwards the cache holds every function compiled so far, not
	// only the top level.
	process.once('exit', () => {
		writeFileSync(`${cacheOut}.tmp`, script.createCachedData());
		renameSync(`${cacheOut}.tmp`, cacheOut);
	});
}

script.runInThisContext()(module.exports, single ? seaRequire() : require('node:module').createRequire(bundle), module, bundle, path.dirname(bundle));

/**
 * The single executable's require can load only Node's own modules. The bundle asks for one more,
 * koffi (through module.createRequire): its native part is an asset, written to a private
 * directory, loaded and removed again (a loaded library stays mapped).
 */
function seaRequire() {
	let koffi;
	const loadKoffi = () => (koffi ??= loadNative(`koffi-${process.arch}.node`));
	const withKoffi = inner => Object.assign(id => (id === 'koffi' ? loadKoffi() : inner(id)), inner);
	return withKoffi(id => {
		const loaded = require(id);
		if (id !== 'node:module' && id !== 'module') return loaded;
		return {...loaded, createRequire: from => withKoffi(loaded.createRequire(from))};
	});
}

function loadNative(key) {
	const {mkdtempSync, rmSync} = require('node:fs');
	const os = require('node:os');
	const bytes = asset(key);
	if (!bytes) throw new Error(`this build has no ${key}`);
	const problems = [];
	// A temporary directory may be mounted noexec, where a library cannot be mapped: try the next.
	for (const parent of [os.tmpdir(), '/dev/shm', path.dirname(process.execPath)]) {
		let dir;
		try {
			dir = mkdtempSync(path.join(parent, 'bpftop-ts-'));
			const file = path.join(dir, key);
			writeFileSync(file, Buffer.from(bytes), {mode: 0o500});
			const native = {exports: {}};
			process.dlopen(native, file);
			return native.exports;
		} catch (error) {
			problems.push(`${parent}: ${error.message}`);
		} finally {
			if (dir) rmSync(dir, {recursive: true, force: true});
		}
	}

	throw new Error(`cannot load ${key} (${problems.join('; ')})`);
}
