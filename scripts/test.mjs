// Runs every test/**/*.test.ts(x) with node's own test runner (Node 20 has no --test globs).
// One file at a time: real-kernel tests share the kernel (run-time stats, loaded programs).
import {readdirSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {kernelSetup} from './kernel-setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);

function find(dir) {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return find(path);
		return /\.test\.tsx?$/.test(name) ? [path] : [];
	});
}

const files = find(join(root, 'test'))
	.map(file => relative(root, file))
	.filter(file => only.length === 0 || only.some(part => file.includes(part)))
	.sort();

kernelSetup();

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
	cwd: root,
	stdio: 'inherit',
	env: {...process.env, FORCE_COLOR: '0'},
});
process.exit(result.status ?? 1);
