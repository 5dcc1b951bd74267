// Bundles the CLI into one ESM file: a first frame in ~0.2 s instead of ~0.4 s for unbundled Ink.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {chmod} from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));

// Ink's Output (the cell grid each frame is built in) is replaced by ours: same results, a fraction
// of the CPU (see source/terminal/ink-output.ts). Only Ink's own import of it is redirected.
const inkOutput = {
	name: 'ink-output',
	setup(build) {
		build.onResolve({filter: /^\.\/output\.js$/}, args =>
			/[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(args.importer) ? {path: `${root}source/terminal/ink-output.ts`} : undefined,
		);
	},
};

// Every import of `string-width` (Ink, wrap-ansi, ours) gets the remembering one, except its own.
const cachedStringWidth = `${root}source/terminal/string-width.ts`;
const stringWidth = {
	name: 'string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, args => (args.importer === cachedStringWidth ? undefined : {path: cachedStringWidth}));
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
	plugins: [inkOutput, stringWidth],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __createRequire} from 'node:module';const require = __createRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
await chmod(`${root}dist/cli.js`, 0o755);
