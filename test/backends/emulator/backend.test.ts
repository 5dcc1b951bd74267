import {test} from 'node:test';
import assert from 'node:assert/strict';
import {virtualClock} from '../../../source/clock/clock.js';
import {createEmulatorBackend} from '../../../source/backends/emulator/emulator-backend.js';

const START = 1_795_598_726_000;
const COMMANDS = [['prog', 'show'], ['map', 'show'], ['link', 'show'], ['net', 'show'], ['btf', 'show']];

async function snapshot(seed: number) {
	const clock = virtualClock({startWallMs: START});
	const backend = createEmulatorBackend({seed, clock, kernelVersion: '6.18'});
	const outputs = [];
	for (let i = 0; i < 3; i++) {
		await clock.sleep(1000);
		const mapIds = ((await backend.run([['map', 'show']]))[0]!.output as Array<{id: number}>).map(m => m.id);
		outputs.push(await backend.run([...COMMANDS, ...mapIds.map(id => ['map', 'dump', 'id', String(id)])]));
	}

	const trace = backend.openTrace().take();
	await backend.close();
	return {outputs, trace};
}

test('same seed and same clock give identical answers and trace', async () => {
	const a = await snapshot(42);
	const b = await snapshot(42);
	assert.deepEqual(a, b);
	const c = await snapshot(43);
	assert.notDeepEqual(a.outputs, c.outputs);
});

test('the backend answers every command, errors included, in order', async () => {
	const backend = createEmulatorBackend({seed: 1, clock: virtualClock({startWallMs: START}), reason: 'not root'});
	assert.equal(backend.name, 'emulator');
	assert.equal(backend.label, 'emulator: no BPF access (not root)');
	assert.deepEqual(backend.stats, {on: true, how: 'simulated'});
	const out = await backend.run([['prog', 'show'], ['map', 'dump', 'id', '99999'], ['bogus'], ['prog', 'show', 'id', 'x']]);
	assert.equal(out.length, 4);
	assert.ok(Array.isArray(out[0]!.output));
	assert.deepEqual(out[1], {command: ['map', 'dump', 'id', '99999'], output: {error: 'get map by id (99999): No such file or directory'}});
	assert.ok('error' in (out[2]!.output as object));
	assert.deepEqual(out[3]!.output, {error: "can't parse x as ID"});
	assert.equal(createEmulatorBackend({seed: 1, clock: virtualClock({startWallMs: START})}).label, 'emulator');
});

test('the trace source drains trace_pipe lines and reports drops', async () => {
	const clock = virtualClock({startWallMs: START});
	const backend = createEmulatorBackend({seed: 5, clock});
	const trace = backend.openTrace();
	await clock.sleep(2000);
	const first = trace.take();
	assert.ok(first.lines.length > 10);
	assert.ok(first.lines.some(l => /bpf_trace_printk: Hello World \d+$/.test(l)));
	assert.ok(first.lines.some(l => /bpf_trace_printk: Syscall: \d+$/.test(l)));
	assert.deepEqual(trace.take().lines, []);
	// Far more than the buffer holds: the oldest lines are dropped and counted.
	for (let i = 0; i < 50; i++) {
		await clock.sleep(5000);
		backend.kernel.catchUp();
	}

	const flooded = trace.take();
	assert.equal(flooded.lines.length, 4096);
	assert.ok(flooded.dropped > 0);
	assert.equal(flooded.lines.length + flooded.dropped > 4096, true);
	await trace.close();
	assert.ok(trace.take().error);
});

test('the scenario: the book programs plus a believable server', async () => {
	const clock = virtualClock({startWallMs: START});
	const backend = createEmulatorBackend({seed: 9, clock, kernelVersion: '6.18'});
	await clock.sleep(5000);
	const [progs, maps, links, net] = (await backend.run([['prog', 'show'], ['map', 'show'], ['link', 'show'], ['net', 'show']])).map(o => o.output) as [
		Array<Record<string, unknown>>, Array<Record<string, unknown>>, Array<Record<string, unknown>>, Array<{xdp: unknown[]; tc: unknown[]}>,
	];
	assert.ok(progs.length >= 8);
	assert.ok(new Set(progs.map(p => p.type)).size >= 5);
	const hello = progs.filter(p => p.name === 'hello');
	assert.deepEqual(hello.map(p => [p.type, p.tag, p.bytes_xlated]), [['xdp', '490c48c1179970a8', 96], ['raw_tracepoint', '7c6e9a45a39e6854', 80]]);
	for (const p of progs) {
		assert.ok((p.run_cnt as number) > 0, `${p.name as string} ran`);
		assert.equal(p.emulator_errors, undefined, `${p.name as string}: ${p.emulator_last_error as string}`);
	}

	assert.deepEqual(maps.filter(m => String(m.name).startsWith('hello')).map(m => m.name), ['hello.bss', 'hello.rodata', 'hello_fu.rodata']);
	assert.equal(net[0]!.xdp.length, 1);
	assert.equal(net[0]!.tc.length, 3);
	assert.ok(links.some(l => l.type === 'cgroup') && links.some(l => l.type === 'raw_tracepoint') && links.some(l => l.type === 'perf_event'));
	assert.ok(links.some(l => l.func === 'do_unlinkat'));
	const [tree] = (await backend.run([['cgroup', 'tree']]))[0]!.output as Array<{cgroup: string; programs: Array<{name: string}>}>;
	assert.equal(tree!.cgroup, '/sys/fs/cgroup/system.slice/nginx.service');
	assert.equal(tree!.programs[0]!.name, 'cg_ingress');
	// The maps fill up: the protocol counter has TCP and UDP, the connection tracker has flows.
	const byName = new Map(maps.map(m => [m.name, m.id as number]));
	const dump = async (name: string) => (await backend.run([['map', 'dump', 'id', String(byName.get(name))]]))[0]!.output as Array<{formatted?: {key?: unknown; value?: unknown}}>;
	const protocols = (await dump('proto_counts')).map(e => e.formatted?.key);
	assert.ok(protocols.includes(6) && protocols.includes(17));
	assert.ok((await dump('conntrack')).length > 50);
	const [bss] = await dump('hello.bss');
	const helloRuns = hello[0]!.run_cnt as number;
	assert.deepEqual(bss!.formatted, {value: {'.bss': [{counter: helloRuns}]}});
	const [verdicts] = await dump('egress_stats') as unknown as Array<{values: Array<{cpu: number; value: string[]}>; formatted: {values: Array<{cpu: number; value: {packets: number}}>}}>;
	assert.equal(verdicts!.values.length, 2);
	assert.equal(verdicts!.formatted.values.reduce((s, v) => s + v.value.packets, 0), progs.find(p => p.name === 'tc_egress')!.run_cnt);
});

test('a scaled scenario reaches the requested program count', () => {
	const backend = createEmulatorBackend({seed: 9, clock: virtualClock({startWallMs: START}), programs: 100});
	assert.ok(backend.kernel.programs().length >= 100);
});

test('the first answer already shows activity (warm-up), unless turned off', async () => {
	const warm = createEmulatorBackend({seed: 2, clock: virtualClock({startWallMs: START})});
	const [progs] = (await warm.run([['prog', 'show']])).map(o => o.output) as [Array<{run_cnt?: number}>];
	assert.ok(progs.every(p => (p.run_cnt ?? 0) > 0));
	const cold = createEmulatorBackend({seed: 2, clock: virtualClock({startWallMs: START}), warmUpSeconds: 0});
	const [coldProgs] = (await cold.run([['prog', 'show']])).map(o => o.output) as [Array<{run_cnt?: number}>];
	assert.ok(coldProgs.every(p => p.run_cnt === undefined));
});

test('objects passed in are loaded and attached by section', async () => {
	const {helloFuncObject} = await import('../../../source/backends/emulator/scenario/hello.js');
	const clock = virtualClock({startWallMs: START});
	const backend = createEmulatorBackend({seed: 4, clock, scenario: false, objects: [helloFuncObject], kernelVersion: '6.18'});
	await clock.sleep(1000);
	const [progs, links] = (await backend.run([['prog', 'show'], ['link', 'show']])).map(o => o.output) as [Array<Record<string, unknown>>, Array<Record<string, unknown>>];
	assert.equal(progs.length, 1);
	assert.equal(progs[0]!.tag, '7c6e9a45a39e6854');
	assert.ok((progs[0]!.run_cnt as number) > 10);
	assert.deepEqual(links.map(l => [l.type, l.tp_name]), [['raw_tracepoint', 'sys_enter']]);
});

test('over the run budget the answers stay deterministic: same seed, same clock, same answers', async () => {
	const answers = async () => {
		const clock = virtualClock({startWallMs: START});
		// A budget far below the arrivals, so most runs are estimated.
		const backend = createEmulatorBackend({seed: 21, clock, programs: 40, runBudget: 60});
		const out = [];
		for (let i = 0; i < 4; i++) {
			await clock.sleep(1000);
			out.push(await backend.run([['prog', 'show'], ['map', 'show'], ['map', 'dump', 'id', String(backend.kernel.maps().at(-1)!.map.id)]]));
		}

		const interpreted = backend.kernel.programs().reduce((sum, p) => sum + p.stats.interpreted, 0);
		const runs = backend.kernel.programs().reduce((sum, p) => sum + p.stats.runCnt, 0);
		return {out, interpreted, runs};
	};

	const a = await answers();
	assert.deepEqual(await answers(), a);
	assert.ok(a.interpreted < a.runs / 2, `${a.interpreted} of ${a.runs} interpreted`);
});
