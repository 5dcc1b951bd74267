// `npm run sea [-- --arch x64,arm64]`: the monitor as one executable file per architecture, for a
// server without Node.js: dist/sea/bpftop-ts-linux-ARCH, Node's single-executable application
// (the node binary with a blob injected by postject). Inside: scripts/launcher.cjs as the main
// script, and as assets the bundle, V8's code cache of a start and koffi's native module. Run
// after scripts/build.mjs (npm run sea does both).
//   The host's architecture uses this node and gets a code cache; another one (arm64 on x64) uses
//   the node binary and koffi build of that architecture from the npm registry, and no cache (V8
//   makes one only on the machine it runs on; that start compiles the bundle, ~0.1 s more).
import {spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {inject} from 'postject';
import {writeCodeCache} from './code-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'sea');
const downloads = join(root, 'node_modules', '.cache', 'bpftop-sea');
const argv = process.argv.slice(2);
const arches = (argv.includes('--arch') ? argv[argv.indexOf('--arch') + 1] : process.arch).split(',');

if (process.platform !== 'linux') throw new Error('sea: Linux only (bpftop-ts monitors Linux BPF)');
for (const file of ['bundle.cjs', 'cli.cjs']) if (!existsSync(join(dist, file))) throw new Error(`sea: dist/${file} is missing: run node scripts/build.mjs first`);
mkdirSync(out, {recursive: true});

/** A file from a package of the npm registry (through npm itself), kept for the next build. */
function fromRegistry(spec, file) {
	const dir = join(downloads, spec.replace(/[^\w.@-]/g, '_'));
	if (!existsSync(join(dir, 'package', file))) {
		rmSync(dir, {recursive: true, force: true});
		mkdirSync(dir, {recursive: true});
		const pack = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], {encoding: 'utf8'});
		if (pack.status !== 0) throw new Error(`sea: npm pack ${spec} failed: ${pack.stderr}`);
		const untar = spawnSync('tar', ['-xzf', join(dir, pack.stdout.trim().split('\n').at(-1)), '-C', dir], {encoding: 'utf8'});
		if (untar.status !== 0) throw new Error(`sea: could not unpack ${spec}: ${untar.stderr}`);
	}

	return join(dir, 'package', file);
}

/** koffi's native module for Linux glibc on this architecture. */
function koffiNative(arch) {
	const {version} = JSON.parse(readFileSync(join(root, 'node_modules', 'koffi', 'package.json'), 'utf8'));
	const file = `linux_${arch}/koffi.node`;
	const local = join(root, 'node_modules', '@koromix', `koffi-linux-${arch}`, file);
	return existsSync(local) ? local : fromRegistry(`@koromix/koffi-linux-${arch}@${version}`, file);
}

const nodeBinary = arch => (arch === process.arch ? process.execPath : fromRegistry(`node-linux-${arch}@${process.versions.node}`, 'bin/node'));

/** Symbols and debug info are most of the node binary's size (99 → 86 MB); the dynamic symbols that native modules link against stay. */
function strip(file) {
	for (const tool of ['llvm-strip', 'strip']) {
		const run = spawnSync(tool, ['--strip-all', file], {encoding: 'utf8'});
		if (run.status === 0) return;
	}

	console.warn(`sea: ${file} left unstripped (no llvm-strip or strip for it)`);
}

for (const arch of arches) {
	const work = join(out, `work-${arch}`);
	rmSync(work, {recursive: true, force: true});
	mkdirSync(work, {recursive: true});
	const assets = {'bundle.cjs': join(dist, 'bundle.cjs'), [`koffi-${arch}.node`]: koffiNative(arch)};
	// The same cache as the bin's, but under node's default flags: the executable cannot start node
	// with --max-semi-space-size, and V8 takes a cache only under the flags it was made with.
	if (arch === process.arch && writeCodeCache(join(dist, 'cli.cjs'), [], join(work, 'bundle.cache'))) assets['bundle.cache'] = join(work, 'bundle.cache');
	const config = {main: join(root, 'scripts', 'launcher.cjs'), output: join(work, 'sea.blob'), disableExperimentalSEAWarning: true, assets};
	writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, '\t'));
	const blob = spawnSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], {encoding: 'utf8'});
	if (blob.status !== 0) throw new Error(`sea: node --experimental-sea-config failed: ${blob.stderr}`);

	const binary = join(out, `bpftop-ts-linux-${arch}`);
	rmSync(binary, {force: true});
	copyFileSync(nodeBinary(arch), binary);
	chmodSync(binary, 0o755);
	strip(binary);
	await inject(binary, 'NODE_SEA_BLOB', readFileSync(join(work, 'sea.blob')), {sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'});
	rmSync(work, {recursive: true, force: true});
	const mb = (statSync(binary).size / 1e6).toFixed(1);
	console.log(`sea: ${binary.slice(root.length)} (${mb} MB${assets['bundle.cache'] ? '' : ', no code cache'})`);
}
