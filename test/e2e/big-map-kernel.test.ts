// A million entries on the real kernel (test/bpf/big-maps.bpf.c): the array's value table opens in
// a pseudo-terminal, answers keys while the map is being read, jumps to its last row and back, and
// quits; `--once --json` of the hash holds all 200,000 entries in use. (How fast: npm run bench.)
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {runCli, runInPty, type PtyRun} from '../helpers/cli.js';
import {bpftoolJson, compileBpf, kernelSkipReason} from '../helpers/kernel.js';

const skip = kernelSkipReason();
const dir = `/sys/fs/bpf/bpftop-test-big-${process.pid}`;
const packet = join(tmpdir(), `bpftop-test-big-${process.pid}.packet`);
const ids = {hash: 0, array: 0};

before(() => {
	if (skip) return;
	mkdirSync(dir, {recursive: true});
	writeFileSync(packet, Buffer.alloc(64));
	execFileSync('bpftool', ['prog', 'loadall', compileBpf('big-maps'), dir, 'pinmaps', `${dir}/maps`]);
	execFileSync('bpftool', ['prog', 'run', 'pinned', `${dir}/fill`, 'data_in', packet]);
	execFileSync('bpftool', ['prog', 'run', 'pinned', `${dir}/bump`, 'data_in', packet]);
	ids.hash = bpftoolJson<{id: number}>('map', 'show', 'pinned', `${dir}/maps/big_hash`).id;
	ids.array = bpftoolJson<{id: number}>('map', 'show', 'pinned', `${dir}/maps/big_array`).id;
});

after(() => {
	rmSync(dir, {recursive: true, force: true});
	rmSync(packet, {force: true});
});

/** Waits for the screen as it is now (waitFor also matches what scrolled by in the byte stream). */
async function onScreen(run: PtyRun, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!pattern.test(await run.screen())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${await run.screen()}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

test('a 1,000,000-entry array in the TUI: keys answered while it is read, End and Home, q', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--interval', '0.5', '--map', String(ids.array)], {columns: 120, rows: 30});
	const waitFor = async (pattern: RegExp, timeoutMs?: number) => onScreen(run, pattern, timeoutMs);
	try {
		await waitFor(/1,000,000 entries of max 1,000,000/, 60_000);
		// The title line says how far a read has got; a key pressed then is answered before it ends.
		await waitFor(/reading [\d,]+ of/, 30_000);
		run.write('?');
		await waitFor(/Quit \(also Ctrl-C\)/);
		run.write('?');
		await waitFor(/HISTORY \(rate\)/);
		// Key order (one `s` from the rate), then the last key and back to the first.
		run.write('s');
		await waitFor(/KEY▲/);
		run.write('G');
		await waitFor(/\n. 999999 /);
		run.write('g');
		await waitFor(/\n. 0 /);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}
});

test('--once --json of the hash: its 200,000 entries, with their changes', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--map', String(ids.hash)], {timeoutMs: 60_000});
	assert.equal(result.status, 0, result.stderr);
	const values = (JSON.parse(result.stdout) as {map_values: {status: string; entry_count: number; entries: Array<{key_text: string; delta: number | null}>}}).map_values;
	assert.equal(values.status, 'ok');
	assert.equal(values.entry_count, 200_000);
	assert.equal(values.entries.length, 200_000);
	assert.equal(new Set(values.entries.map(entry => entry.key_text)).size, 200_000);
	assert.ok(values.entries.every(entry => entry.delta !== null));
});
