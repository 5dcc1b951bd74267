// Programs that load and vanish at 10 Hz while the monitor refreshes at 10 Hz: it keeps running,
// every snapshot is complete, and what it shows exists.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {rmSync} from 'node:fs';
import {after, test} from 'node:test';
import {promisify} from 'node:util';
import {runInPty} from '../helpers/cli.js';
import {compileBpf, kernelSkipReason} from '../helpers/kernel.js';

const run = promisify(execFile);
const skip = kernelSkipReason();
const pins = new Set<string>();

after(() => {
	for (const pin of pins) rmSync(pin, {force: true});
});

/** Loads and unloads a program every ~100 ms until stopped. */
function churn(object: string): {stop(): Promise<number>} {
	let stopped = false;
	let cycles = 0;
	const loop = (async () => {
		for (let i = 0; !stopped; i++) {
			const pin = `/sys/fs/bpf/bpftop-race-${process.pid}-${i}`;
			pins.add(pin);
			await run('bpftool', ['prog', 'load', object, pin]).catch(() => undefined);
			await new Promise(resolve => setTimeout(resolve, 50));
			rmSync(pin, {force: true});
			pins.delete(pin);
			cycles++;
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			return cycles;
		},
	};
}

test('batch mode at 10 Hz survives programs loading and vanishing at 10 Hz', {skip}, async () => {
	const churner = churn(compileBpf('hello'));
	try {
		const {stdout} = await run(process.execPath, [new URL('../../dist/cli.cjs', import.meta.url).pathname, '--backend', 'bpftool', '--json', '-n', '30', '--interval', '0.1'], {
			maxBuffer: 64 * 1024 * 1024,
		});
		const documents = stdout.trim().split('\n').map(line => JSON.parse(line) as {programs: Array<{id: number}>});
		assert.equal(documents.length, 30);
		for (const document of documents) assert.ok(Array.isArray(document.programs));
	} finally {
		const cycles = await churner.stop();
		assert.ok(cycles >= 5, `only ${cycles} load/unload cycles ran`);
	}
});

test('the interactive monitor keeps running through the churn and quits cleanly', {skip}, async () => {
	const churner = churn(compileBpf('hello'));
	const monitor = runInPty(['--backend', 'bpftool', '--interval', '0.1']);
	try {
		await monitor.waitFor(/stats on/);
		await new Promise(resolve => setTimeout(resolve, 3000));
		assert.doesNotMatch(monitor.output(), /! /, 'no refresh failed');
		monitor.write('q');
		assert.equal((await monitor.exited).exitCode, 0);
	} finally {
		monitor.kill();
		await churner.stop();
	}
});
