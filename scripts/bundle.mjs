// The esbuild bundle: one minified CommonJS file with every dependency but koffi inside, the way
// scripts/build.mjs makes dist/bundle.cjs (and test/terminal/render-paths.test.ts its harness).
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {readFile} from 'node:fs/promises';
import {dirname} from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const inkBuild = /[\\/]node_modules[\\/]ink[\\/]build[\\/]/;

// Ink's Output (the cell grid each frame is built in) is the one internal module of Ink we reach
// into: source/terminal/ink-output.ts has a faster one, and its fastOutputFor() decides at start
// whether it stands in (the Ink version it was written for) or Ink's own is used, which stays in
// the bundle as the fallback. test/terminal/ink-output.test.ts fails when the installed Ink is not
// that version, so an upgrade is noticed; the bundle still works with Ink's own Output meanwhile.
const inkOutput = {
	name: 'ink-output',
	setup(build) {
		build.onResolve({filter: /^\.\/output\.js$/}, args =>
			inkBuild.test(args.importer) ? {path: `${dirname(args.importer)}/output.js`, namespace: 'ink-output'} : undefined,
		);
		// The same choice, for a test that asks which Output Ink got (test/terminal/render-paths-harness.tsx).
		build.onResolve({filter: /^bpftop:ink-output$/}, async () => {
			const ink = await build.resolve('ink', {resolveDir: root, kind: 'import-statement'});
			return {path: `${dirname(ink.path)}/output.js`, namespace: 'ink-output'};
		});
		build.onLoad({filter: /.*/, namespace: 'ink-output'}, async args => {
			const {version} = JSON.parse(await readFile(`${dirname(args.path)}/../package.json`, 'utf8'));
			// Ink's own is evaluated only when it is the one used (esbuild makes the require lazy).
			const contents = [
				`import {fastOutputFor} from ${JSON.stringify(`${root}source/terminal/ink-output.ts`)};`,
				`export default fastOutputFor(${JSON.stringify(version)}, () => require(${JSON.stringify(args.path)}).default);`,
			].join('\n');
			return {contents, loader: 'js', resolveDir: root};
		});
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

// Dependencies changed in the bundle, each by exact text (a dependency that changed shape fails
// the build rather than quietly behaving differently), and each only for a gain of 10 ms or more at
// the first frame, measured (node scripts/build.mjs --skip-patches N --out DIR, then
// bench/first-frame.ts with BPFTOP_CLIS=…, or the CPU of evaluating the module alone).
// Measured and dropped (2026-12-03, each under 10 ms of CPU): deferring meow's
// normalize-package-data (~6 ms), slice-ansi's Intl.Segmenter (2-9 ms), and the child_process
// imports of meow and terminal-size (2-5 ms).
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
export const patches = [
	{
		// Yoga loads its wasm asynchronously (a top-level await in its index), which a CommonJS
		// bundle cannot hold. Emscripten lets the host instantiate the module instead: done
		// synchronously from the same inlined bytes. CommonJS is what the code cache needs (see
		// scripts/launcher.cjs), and the cache is worth ~100 ms at the first frame: emulator at 100
		// programs, 9 starts in turn, median 242 vs 342 ms of CPU, 486 vs 604 ms wall (busy machine).
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		replace: [['h.instantiateWasm(d,\na)', 'h.instantiateWasm(d,a,H)']], // H: the wasm's data: URL
	},
	{
		file: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
		replace: [['const Yoga = wrapAssembly(await loadYoga());', yogaSyncIndex]],
	},
	{
		// Ink's reconciler awaits its devtools and package.json at the top level when DEV=true, a
		// mode the bundle does not offer; like yoga's, these awaits would rule out CommonJS (and
		// with it the code cache's ~100 ms).
		file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
		replace: [
			["await import('./devtools.js');", ''],
			['? await loadPackageJson()', '? {}'],
		],
	},
];

function patchDependencies(list) {
	// One loader per file, with every replacement of the patches on it.
	const byFile = new Map();
	for (const {file, replace} of list) byFile.set(file.source, {file, replace: [...(byFile.get(file.source)?.replace ?? []), ...replace]});
	return {
		name: 'patch-dependencies',
		setup(build) {
			for (const {file, replace} of byFile.values()) {
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
}

/**
 * Bundles `entry` into `outfile`. `readable` keeps names and lines for reading a stack trace;
 * `skipPatches` leaves out the patches whose index is listed (for measuring one's gain).
 */
export async function bundle({entry = `${root}source/cli.tsx`, outfile, readable = false, skipPatches = []}) {
	await build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		// CommonJS: only a script (not an ES module) can be compiled through a V8 code cache on Node 20.
		format: 'cjs',
		// Half the bytes to read and hold at every start (~15 ms here, where touching memory is slow).
		minify: !readable,
		target: 'node20',
		jsx: 'automatic',
		// One tsconfig for every file: a file reached both through a plugin's redirect and through
		// an import of its own would otherwise get it or not, whichever came first (a "use strict"
		// that came and went between two builds of the same source).
		tsconfig: `${root}tsconfig.json`,
		// koffi ships native prebuilt binaries that must be loaded from node_modules (or, in the
		// single executable, from its assets: scripts/launcher.cjs).
		external: ['koffi'],
		define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': 'importMetaUrl'},
		banner: {js: "var importMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
		plugins: [inkOutput, stringWidth, patchDependencies(patches.filter((_, index) => !skipPatches.includes(index)))],
		logLevel: 'warning',
	});
}
