// The corpus in the normal test run: a handful of CO-RE tools built by others (Debian's
// libbpf-tools, their objects taken from the installed binaries) and our own CO-RE program, loaded
// by the emulator and by this kernel (bpftool prog loadall, pins removed afterwards): names,
// types, tags, bytes_xlated, xlated dumps and maps must agree. Then two of them run: runqlat's
// histogram fills with scheduling delays, opensnoop records the paths processes open.
// The whole corpus, with the table: npm run corpus (bench/corpus.ts).

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {compare} from '../../../bench/corpus/compare.js';
import {extractLibbpfTools, type CorpusObject} from '../../../bench/corpus/extract.js';
import {kernelUnavailable, loadInEmulator, loadInKernel} from '../../../bench/corpus/loaders.js';
import {answer} from '../../../source/backends/emulator/bpftool/answer.js';
import {createEmulatorBackend} from '../../../source/backends/emulator/emulator-backend.js';
import {hostTarget} from '../../../source/backends/emulator/kernel-target.js';
import {parseObject} from '../../../source/backends/emulator/load-object.js';
import {virtualClock} from '../../../source/clock/clock.js';
import {compileCoreBpf, coreMissing, tempDir} from './elf/toolchain.js';

const TOOLS = ['runqlat', 'opensnoop', 'biolatency', 'tcpconnect', 'execsnoop', 'hardirqs'];
const dir = tempDir();
after(() => dir.remove());
const tools = new Map<string, CorpusObject>(extractLibbpfTools(dir.path, name => TOOLS.includes(name)).map(o => [o.name, o]));
const noTools = tools.size === 0 ? 'libbpf-tools is not installed (apt-get install libbpf-tools)' : undefined;

for (const name of [...TOOLS, 'core-fields']) {
	test(`emulator and kernel agree on ${name}`, t => {
		const kernel = kernelUnavailable();
		if (kernel) return t.skip(`the real kernel cannot be asked: ${kernel}`);
		let path: string;
		if (name === 'core-fields') {
			const why = coreMissing();
			if (why) return t.skip(why);
			path = compileCoreBpf(name, dir.path);
		} else {
			const tool = tools.get(name);
			if (!tool) return t.skip(noTools ?? `${name} is not in libbpf-tools here`);
			path = tool.path;
		}

		const row = compare(name, 'test', loadInEmulator(path, hostTarget(), '6.18'), loadInKernel(path));
		assert.ok(row.emulator.ok, row.emulator.ok ? '' : row.emulator.reason);
		assert.ok(row.kernel.ok, row.kernel.ok ? '' : row.kernel.reason);
		assert.deepEqual(row.differences, [], 'no program or map differs');
		for (const score of [row.names, row.types, row.tags, row.xlated, row.dumps, row.maps]) assert.equal(score?.agree, score?.of);
	});
}

/** A tool's object loaded into an emulated system of its own, `seconds` of activity behind it. */
function running(name: string, seconds: number) {
	const tool = tools.get(name)!;
	const spec = parseObject(tool.path, readFileSync(tool.path), {target: hostTarget()});
	const clock = virtualClock();
	const backend = createEmulatorBackend({seed: 7, clock, objects: [spec], scenario: false, kernelVersion: '6.18', warmUpSeconds: seconds});
	const dump = (map: string) => {
		const entry = backend.kernel.maps().find(m => m.map.spec.name === map)!;
		return answer(backend.kernel, ['map', 'dump', 'id', String(entry.map.id)]) as Array<{formatted: {key: number; value: unknown}}>;
	};

	return {backend, clock, dump};
}

test('runqlat runs: its histogram of run-queue delays fills, mostly in microseconds', async t => {
	if (!tools.has('runqlat')) return t.skip(noTools ?? 'no runqlat');
	const {backend, clock, dump} = running('runqlat', 5);
	const slots = () => (dump('hists')[0]?.formatted.value as {slots: number[]} | undefined)?.slots ?? [];
	const before = slots().reduce((a, b) => a + b, 0);
	await clock.sleep(10_000);
	const after = slots();
	const total = after.reduce((a, b) => a + b, 0);
	assert.ok(total > before && before > 0, `the histogram grows: ${before} → ${total}`);
	// Slot n counts delays of 2^n to 2^(n+1) µs: most are under 64 µs.
	const fast = after.slice(0, 6).reduce((a, b) => a + b, 0);
	assert.ok(fast > total / 2, `mostly microseconds: ${JSON.stringify(after)}`);
	const programs = backend.kernel.programs();
	assert.equal(programs.length, 6);
	for (const program of programs) assert.equal(program.stats.errors, 0, `${program.name}: ${program.stats.lastError}`);
});

test('opensnoop runs: it records the paths processes pass to open()', async t => {
	if (!tools.has('opensnoop')) return t.skip(noTools ?? 'no opensnoop');
	const {backend, clock, dump} = running('opensnoop', 3);
	const paths = new Set<string>();
	for (let i = 0; i < 10; i++) {
		await clock.sleep(500);
		for (const entry of dump('start')) {
			const fname = (entry.formatted.value as {fname: number}).fname;
			paths.add(backend.kernel.memory.readCString(fname));
		}
	}

	assert.ok([...paths].some(path => path.startsWith('/')), `paths: ${[...paths].join(', ')}`);
	for (const program of backend.kernel.programs()) {
		assert.ok(program.stats.runCnt > 0, `${program.name} ran`);
		assert.equal(program.stats.errors, 0, `${program.name}: ${program.stats.lastError}`);
	}
});

test('the monitor shows runqlat’s histogram growing (batch output of the built CLI)', t => {
	if (!tools.has('runqlat')) return t.skip(noTools ?? 'no runqlat');
	const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
	if (!existsSync(cli)) return t.skip('dist/cli.cjs is not built (npm run build)');
	const output = execFileSync(cli, ['--backend', 'emulator', '--load', tools.get('runqlat')!.path, '--load-only', '--json', '-n', '2', '--interval', '1', '--map', 'hists', '--map-limit', '20000'], {encoding: 'utf8', env: {...process.env, CI: 'true'}});
	const snapshots = output.trim().split('\n').map(line => JSON.parse(line) as {map_values: {entries: Array<{value: string[]}>}});
	const counts = snapshots.map(s => {
		const bytes = s.map_values.entries[0]?.value.map(b => Number.parseInt(b, 16)) ?? [];
		let sum = 0;
		for (let i = 0; i + 4 <= 104; i += 4) sum += bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
		return sum;
	});
	assert.equal(counts.length, 2);
	assert.ok(counts[1]! > counts[0]! && counts[0]! > 0, `slots total ${counts.join(' → ')}`);
});
