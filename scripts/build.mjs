// Builds dist/: the bundle (dist/bundle.cjs, scripts/bundle.mjs), the bin that starts it (dist/cli.cjs,
// scripts/launcher.cjs) and V8's code cache of a start (dist/bundle.cache).
//   node scripts/build.mjs [--readable] [--no-cache] [--skip-patches 0,3] [--out DIR]
// --readable keeps names and lines for stack traces; --skip-patches and --out make the builds that
// measure a dependency patch's gain (bench/first-frame.ts with BPFTOP_CLIS=a/cli.cjs,b/cli.cjs).
import {fileURLToPath} from 'node:url';
import {chmod, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {bundle} from './bundle.mjs';
import {writeCodeCache} from './code-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const option = name => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const dist = `${resolve(option('--out') ?? `${root}dist`)}/`;
const bundleFile = `${dist}bundle.cjs`;
const cliFile = `${dist}cli.cjs`;
const cacheFile = `${dist}bundle.cache`;

/**
 * The V8 flags the bin starts node with. --max-semi-space-size=8: V8 grows the young generation to
 * 2x16 MB when the monitor refreshes often or watches many programs; capped at 2x8 MB the resident
 * memory stays 5-40 MB lower and the CPU per refresh does not rise (bench/profile.md).
 */
const binFlags = ['--max-semi-space-size=8'];

await mkdir(dist, {recursive: true});
await bundle({outfile: bundleFile, readable: argv.includes('--readable'), skipPatches: option('--skip-patches')?.split(',').map(Number) ?? []});
// esbuild escapes every non-ASCII character in code but keeps comments as written; one such
// character makes V8 hold the whole source as UTF-16 (twice the heap), and the launcher reads the
// bundle as latin1. What is left is in comments, so it can go.
const code = await readFile(bundleFile, 'utf8');
await writeFile(bundleFile, code.replace(/[^\0-\x7f]/g, '?'));

const launcher = await readFile(`${root}scripts/launcher.cjs`, 'utf8');
const shebang = [
	'#!/bin/sh',
	// Run as a program (the bin), sh reads this line and starts node on this file with its flags;
	// node reads it as a string and a comment. `env -S` would say it shorter where it exists.
	`":" //; exec node ${binFlags.join(' ')} "$0" "$@"`,
].join('\n');
await writeFile(cliFile, `${shebang}\n${launcher}`);
await chmod(cliFile, 0o755);
await rm(`${dist}cli.js`, {force: true}); // the bin of earlier builds
await rm(cacheFile, {force: true});
if (!argv.includes('--no-cache')) writeCodeCache(cliFile, binFlags, cacheFile);
