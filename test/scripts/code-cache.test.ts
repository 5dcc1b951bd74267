// The build's code cache fits the node the bin starts: same flags, same bundle. A cache V8 refuses
// costs ~0.1 s at every start and nothing says so, hence this test.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
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
	assert.match(readFileSync(`${dist}cli.cjs`, 'utf8'), /`\(function \(exports, require, module, __filename, __dirname\) \{\$\{readFileSync\(bundle, 'latin1'\)\}\\n\}\)`/);
});
