// Bundles the CLI into one CommonJS file (dist/bundle.cjs) started by a launcher (dist/cli.cjs)
// through a V8 code cache made here (dist/bundle.cache): see scripts/launcher.cjs.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundleFile = `${root}dist/bundle.cjs`;
const cliFile = `${root}dist/cli.cjs`;
const cacheFile = `${root}dist/bundle.cache`;

// Two of Ink's own modules are swapped (only Ink's imports of them are redirected). Its Output, the
// cell grid each frame is built in, is replaced by ours: same screen, a fraction of the CPU (see
// source/terminal/ink-output.ts).
const inkModules = {
	name: 'ink-modules',
	setup(build) {
		build.onResolve({filter: /^\.\/output\.js$/}, args =>
			/[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(args.importer) ? {path: `${root}source/terminal/ink-output.ts`} : undefined,
		);
		// Ink's React devtools (DEV=true) would bring a WebSocket library into the bundle: 126 KB to
		// parse at every start for a feature a monitor does not offer.
		build.onResolve({filter: /^\.\/devtools\.js$/}, args =>
			/[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(args.importer) ? {path: `${root}scripts/devtools-stub.mjs`} : undefined,
		);
	},
};

// Every import of `string-width` (Ink, wrap-ansi, ours) gets the remembering one. That one reaches
// the real package through a lazy require: string-width builds Unicode property regexps when it is
// evaluated (~25 ms at start-up), and a frame of ASCII never needs it.
const cachedStringWidth = `${root}source/terminal/string-width.ts`;
const stringWidth = {
	name: 'string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, args => {
			if (args.pluginData?.real) return undefined;
			return args.importer === cachedStringWidth ? {path: 'string-width', namespace: 'lazy'} : {path: cachedStringWidth};
		});
		build.onLoad({filter: /.*/, namespace: 'lazy'}, async () => {
			const real = await build.resolve('string-width', {resolveDir: `${root}source/terminal`, kind: 'import-statement', pluginData: {real: true}});
			if (real.errors.length > 0) throw new Error(real.errors[0].text);
			// esbuild turns a require() of a bundled ES module into an init call made on first use.
			const contents = `let measure;\nexport default function stringWidth(text, options) {\n\tmeasure ??= require(${JSON.stringify(real.path)}).default;\n\treturn measure(text, options);\n}\n`;
			return {contents, loader: 'js', resolveDir: `${root}source/terminal`};
		});
	},
};

// Dependencies changed in the bundle, each by exact text: one that changed shape fails the build
// rather than quietly behaving differently.
const yogaSyncIndex = `const lib = {
	instantiateWasm(imports, done, url) {
		const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
		done(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports));
		return {};
	},
};
loadYoga(lib);
if (!lib.Node) throw new Error('yoga-layout did not load synchronously');
const Yoga = wrapAssembly(lib);`;
const patches = [
	{
		// Yoga loads its wasm asynchronously (a top-level await in its index), which a CommonJS
		// bundle cannot hold. Emscripten lets the host instantiate the module instead: done
		// synchronously from the same inlined bytes (Node compiles wasm of any size synchronously),
		// which also keeps Node's fetch (undici, ~35 ms at start-up) from loading to decode them.
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		replace: [['h.instantiateWasm(d,\na)', 'h.instantiateWasm(d,a,H)']], // H: the wasm's data: URL
	},
	{
		file: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
		replace: [['const Yoga = wrapAssembly(await loadYoga());', yogaSyncIndex]],
	},
	{
		// Ink's reconciler awaits its devtools and package.json at the top level when DEV=true, a
		// mode the bundle does not offer (the devtools are stubbed out above).
		file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
		replace: [
			["await import('./devtools.js');", ''],
			['? await loadPackageJson()', '? {}'],
		],
	},
	{
		// meow evaluates normalize-package-data (SPDX licence tables, ~15 ms) at start-up, for
		// `cli.pkg` normalising that this CLI never asks for: evaluated on first use instead.
		file: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/,
		replace: [
			[
				'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
				'const normalizePackageData = data => getDefaultExportFromCjs(requireNormalize())(data);',
			],
			// A leftover of a bundled dependency: it would load child_process (~5 ms) at every start.
			["import { execFile } from 'node:child_process';", ''],
			['promisify(execFile);', ''],
		],
	},
	{
		// Ink's fallback for a terminal without a size; child_process (~5 ms) is loaded when it runs.
		file: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/,
		replace: [["import {execFileSync} from 'node:child_process';", "const execFileSync = (...args) => require('node:child_process').execFileSync(...args);"]],
	},
	{
		// The first Intl.Segmenter costs ~20 ms (ICU's break rules): made on first use.
		file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
		replace: [
			[
				"const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
				"let segmenter;\nconst GRAPHEME_SEGMENTER = {segment: text => (segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(text)};",
			],
		],
	},
];
const patchDependencies = {
	name: 'patch-dependencies',
	setup(build) {
		for (const {file, replace} of patches) {
			build.onLoad({filter: file}, async args => {
				let source = await readFile(args.path, 'utf8');
				for (const [from, to] of replace) {
					if (!source.includes(from)) throw new Error(`build: "${from}" not found in ${args.path}; the patch needs updating`);
					source = source.replace(from, to);
				}

				return {contents: source, loader: 'js', resolveDir: dirname(args.path)};
			});
		}
	},
};

await build({
	entryPoints: [`${root}source/cli.tsx`],
	outfile: bundleFile,
	bundle: true,
	platform: 'node',
	// CommonJS: only a script (not an ES module) can be compiled through a V8 code cache on Node 20.
	format: 'cjs',
	// Half the bytes to read and hold at every start (~15 ms here, where touching memory is slow).
	// `node scripts/build.mjs --readable` keeps names and lines for reading a stack trace.
	minify: !process.argv.includes('--readable'),
	target: 'node20',
	jsx: 'automatic',
	// koffi ships native prebuilt binaries that must be loaded from node_modules.
	external: ['koffi'],
	// Ink imports react-devtools-core only when DEV is set; a stub keeps it out of the bundle.
	alias: {'react-devtools-core': `${root}scripts/devtools-stub.mjs`},
	define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': 'importMetaUrl'},
	banner: {js: "var importMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
	plugins: [inkModules, stringWidth, patchDependencies],
	logLevel: 'warning',
});
// esbuild escapes every non-ASCII character in code but keeps comments as written; one such
// character makes V8 hold the whole source as UTF-16 (twice the heap), and the launcher reads the
// bundle as latin1. What is left is in comments, so it can go.
const bundle = await readFile(bundleFile, 'utf8');
await writeFile(bundleFile, bundle.replace(/[^\0-\x7f]/g, '?'));

const launcher = await readFile(`${root}scripts/launcher.cjs`, 'utf8');
const shebang = [
	'#!/bin/sh',
	// Run as a program (the bin), sh reads this line and starts node on this file with a flag;
	// node reads it as a string and a comment. `env -S` would say it shorter where it exists.
	'":" //; exec node --max-semi-space-size=8 "$0" "$@"',
	'// --max-semi-space-size=8: V8 grows the young generation to 2x16 MB when the monitor refreshes',
	'// often or watches many programs; capped at 2x8 MB the resident memory stays 5-40 MB lower',
	'// and the CPU per refresh does not rise (bench/profile.md).',
].join('\n');
await writeFile(cliFile, `${shebang}\n${launcher}`);
await chmod(cliFile, 0o755);
await rm(`${root}dist/cli.js`, {force: true}); // the bin of earlier builds
await writeCodeCache();

/**
 * Runs the monitor once on the emulator in a pseudo-terminal, a few refreshes past its first frame
 * with data, so that the launcher saves V8's code cache of everything a start compiles. Run through the bin
 * itself: the cache only fits node with the same flags.
 */
async function writeCodeCache() {
	await rm(cacheFile, {force: true});
	// Without a cache the monitor works the same, only starts ~0.1 s slower: no reason to fail a build.
	const skip = why => console.warn(`build: no code cache (${why}); the monitor starts ~0.1 s slower`);
	let pty;
	try {
		pty = (await import('node-pty')).default;
	} catch {
		return skip('node-pty is not installed');
	}

	let child;
	try {
		child = pty.spawn(cliFile, ['--backend', 'emulator', '--interval', '0.2'], {
			cols: 120,
			rows: 40,
			env: {...process.env, CI: 'false', TERM: 'xterm-256color', BPFTOP_WRITE_CODE_CACHE: '1'},
		});
	} catch (error) {
		return skip(`no pseudo-terminal: ${error.message}`);
	}

	let output = '';
	let quitting = false;
	const exited = new Promise(resolve => child.onExit(resolve));
	child.onData(data => {
		output += data;
		// The header's count comes with the first frame of data; a few refreshes later, quit.
		if (!quitting && /\d+ programs, \d+ maps/.test(output)) {
			quitting = true;
			setTimeout(() => child.write('q'), 700);
		}
	});
	const timeout = setTimeout(() => child.kill(), 20_000);
	const {exitCode} = await exited;
	clearTimeout(timeout);
	if (exitCode === 0) return;
	// A run that failed may have left a cache of a run nobody should start from.
	await rm(cacheFile, {force: true});
	skip(`the monitor exited with ${exitCode}: ${JSON.stringify(output.slice(-300))}`);
}
