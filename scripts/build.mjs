// Bundles the CLI into one ESM file: a first frame in ~0.2 s instead of ~0.4 s for unbundled Ink.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {chmod, readFile, writeFile} from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));

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

// Yoga's wasm is inlined as a data: URL, which its loader fetches with fetch() when there is one:
// that loads Node's whole fetch implementation (undici, ~35 ms at start-up) to decode a string.
// Without fetch it decodes the same bytes directly.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const pattern = '"function"!=typeof fetch';
			// A new yoga that loads differently should fail the build, not quietly get slower.
			if (!source.includes(pattern)) throw new Error(`yoga-without-fetch: "${pattern}" not found in ${args.path}`);
			return {contents: source.replaceAll(pattern, 'true'), loader: 'js'};
		});
	},
};

await build({
	entryPoints: [`${root}source/cli.tsx`],
	outfile: `${root}dist/cli.js`,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	// koffi ships native prebuilt binaries that must be loaded from node_modules.
	external: ['koffi'],
	// Ink imports react-devtools-core only when DEV is set; a stub keeps it out of the bundle.
	alias: {'react-devtools-core': `${root}scripts/devtools-stub.mjs`},
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [inkModules, stringWidth, yogaWithoutFetch],
	banner: {
		js: [
			'#!/bin/sh',
			// Run as a program (the bin), sh reads this line and starts node on this file with a flag;
			// node reads it as a string and a comment. `env -S` would say it shorter where it exists.
			'":" //; exec node --max-semi-space-size=8 "$0" "$@"',
			'// --max-semi-space-size=8: V8 grows the young generation to 2x16 MB when the monitor refreshes',
			'// often or watches many programs; capped at 2x8 MB the resident memory stays 5-40 MB lower',
			'// and the CPU per refresh does not rise (bench/profile.md).',
			"import {createRequire as __createRequire} from 'node:module';const require = __createRequire(import.meta.url);",
		].join('\n'),
	},
	logLevel: 'warning',
});
// esbuild escapes every non-ASCII character in code but keeps comments as written; one such
// character makes V8 hold the whole 2.5 MB source as UTF-16 (2.5 MB more heap). What is left is
// in comments, so it can go.
const bundle = await readFile(`${root}dist/cli.js`, 'utf8');
await writeFile(`${root}dist/cli.js`, bundle.replace(/[^\0-\x7f]/g, '?'));
await chmod(`${root}dist/cli.js`, 0o755);
