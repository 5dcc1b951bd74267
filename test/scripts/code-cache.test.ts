// The build's code cache fits the node the bin starts: same flags, same bundle. A cache V8 refuses
// costs ~0.1 s at every start and nothing says so, hence this test.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

test('V8 accepts dist/bundle.cache for dist/bundle.cjs under the flags of the bin', () => {
	const flags = /exec node ((?:--[\w-]+(?:=\S+)? )*)"\$0"/.exec(readFileSync(`${dist}cli.cjs`, 'utf8'))?.[1]?.trim().split(' ');
	assert.ok(flags && flags.length > 0, 'the bin starts node with flags');
	const check = `
		const {readFileSync} = require('node:fs');
		const {Script} = require('node:vm');
		const source = '(function (exports, require, module, __filename, __dirname) {' + readFileSync(${JSON.stringify(`${dist}bundle.cjs`)}, 'latin1') + '\\n})';
		const script = new Script(source, {filename: 'bundle.cjs', cachedData: readFileSync(${JSON.stringify(`${dist}bundle.cache`)})});
		process.stdout.write(String(script.cachedDataRejected));
	`;
	const result = spawnSync(process.execPath, [...flags, '-e', check], {encoding: 'utf8'});
	assert.equal(result.stderr, '');
	assert.equal(result.stdout, 'false');
});

test('the launcher wraps the bundle exactly as this test does', () => {
	// If the launcher's wrapper changed, the test above would check a different source.
	assert.match(readFileSync(`${dist}cli.cjs`, 'utf8'), /`\(function \(exports, require, module, __filename, __dirname\) \{\$\{text\}\\n\}\)`/);
});

test('the build is reproducible, and makes its code cache in a plain child process', {timeout: 120_000}, () => {
	const dirs = [mkdtempSync(join(tmpdir(), 'bpftop-build-')), mkdtempSync(join(tmpdir(), 'bpftop-build-'))];
	try {
		for (const dir of dirs) {
			// No terminal on any side (the build runs the monitor on a pretend one).
			const build = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), '--out', dir], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
			assert.equal(build.status, 0, build.stderr);
			assert.doesNotMatch(build.stderr, /no code cache/);
		}

		for (const file of ['bundle.cjs', 'cli.cjs']) assert.ok(readFileSync(join(dirs[0]!, file)).equals(readFileSync(join(dirs[1]!, file))), `${file} is the same twice`);
		// V8 writes string hashes under its random per-process hash seed: the cache's bytes differ
		// from run to run, so it is checked for what it is worth instead, V8 taking it.
		for (const dir of dirs) assert.ok(statSync(join(dir, 'bundle.cache')).size > 500_000, 'a cache of the functions a start runs, not only the top level');
	} finally {
		for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	}
});
