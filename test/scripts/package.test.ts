// The npm package as a user gets it: `npm pack`, installed from the tarball into an empty prefix
// with `npm install -g --prefix`, then run from there. Installing runs none of our scripts (no
// build, no pseudo-terminal); koffi, the one dependency, works without its install script.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, dirname, join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
	dependencies: Record<string, string>;
};

test('the package has no script that runs when it is installed, and needs only koffi at run time', () => {
	for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[hook], undefined, `${hook} would run on install`);
	assert.match(manifest.scripts['prepack'] ?? '', /scripts\/build\.mjs/, 'npm pack builds dist/ first');
	// Everything else is in the bundle.
	assert.deepEqual(Object.keys(manifest.dependencies), ['koffi']);
});

test('npm pack, npm install -g --prefix from the tarball, and the installed bpftop-ts runs (and npx runs it)', {timeout: 240_000}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-pack-'));
	try {
		// dist/ is what npm test just built; prepack would build the same again.
		const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {cwd: root, encoding: 'utf8'});
		assert.equal(pack.status, 0, pack.stderr);
		const [packed] = JSON.parse(pack.stdout) as Array<{filename: string; files: Array<{path: string}>}>;
		assert.deepEqual(packed!.files.map(file => file.path).sort(), ['README.md', 'dist/bundle.cache', 'dist/bundle.cjs', 'dist/cli.cjs', 'package.json']);

		const prefix = join(dir, 'prefix');
		const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed!.filename)], {encoding: 'utf8', timeout: 180_000});
		assert.equal(install.status, 0, install.stderr);
		assert.doesNotMatch(`${install.stdout}${install.stderr}`, /bpftop-ts@[\d.]+ \((?:pre|post)?(?:install|prepare)/, 'no script of ours was even offered');
		const bin = join(prefix, 'bin', 'bpftop-ts');
		assert.ok(existsSync(bin));
		// A user's PATH: the prefix's bin and a node, nothing of this repository.
		const env = {PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), HOME: dir};
		const run = (args: string[]) => spawnSync('bpftop-ts', args, {cwd: dir, encoding: 'utf8', env, timeout: 30_000});
		const shown = run(['--version']);
		assert.equal(shown.status, 0, shown.stderr);
		assert.equal(shown.stdout.trim(), manifest.version);
		const once = run(['--backend', 'emulator', '--once']);
		assert.equal(once.status, 0, once.stderr);
		assert.match(once.stdout, /^bpftop-ts - .* - emulator - \d+ programs, \d+ maps/);
		assert.match(once.stdout, / hello /);
		// npx runs it from the same tarball without installing it anywhere the user sees.
		const npx = spawnSync('npx', ['--yes', '--prefer-offline', '--package', join(dir, packed!.filename), 'bpftop-ts', '--version'], {cwd: dir, encoding: 'utf8', timeout: 180_000});
		assert.equal(npx.status, 0, npx.stderr);
		assert.equal(npx.stdout.trim(), manifest.version);
		// koffi came with it, and loads without its install script having run.
		const koffi = spawnSync(process.execPath, ['-e', "process.stdout.write(typeof require('koffi').load)"], {cwd: join(prefix, 'lib', 'node_modules', 'bpftop-ts'), encoding: 'utf8'});
		assert.equal(koffi.stdout, 'function', koffi.stderr);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
