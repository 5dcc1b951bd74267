import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {virtualClock} from '../../../source/clock/clock.js';
import {EmulatorKernel} from '../../../source/backends/emulator/kernel.js';
import {answer} from '../../../source/backends/emulator/bpftool/answer.js';
import {helloFuncObject, helloObject} from '../../../source/backends/emulator/scenario/hello.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

function helloKernel(kernelVersion = '6.18') {
	const clock = virtualClock({startWallMs: 1_795_598_726_000});
	const kernel = new EmulatorKernel({seed: 7, clock, kernelVersion});
	const loaded = kernel.loadObject(helloObject);
	return {clock, kernel, loaded};
}

/** Rewrites ids in a fixture to the ids the emulator gave the same objects. */
function remap(value: unknown, ids: Record<string, number>): unknown {
	let text = JSON.stringify(value);
	for (const [from, to] of Object.entries(ids)) {
		text = text.replaceAll(`map[id:${from}]`, `map[id:@${to}]`).replaceAll(`"id":${from},`, `"id":@${to},`);
	}

	return JSON.parse(text.replaceAll('@', ''));
}

test('prog show matches the real bpftool output for hello (6.18 tag)', () => {
	const {kernel, loaded} = helloKernel();
	const [expected] = fixture('prog-show.json') as Array<Record<string, unknown>>;
	const actual = answer(kernel, ['prog', 'show']) as Array<Record<string, unknown>>;
	assert.equal(actual.length, 1);
	const got = actual[0]!;
	assert.deepEqual(Object.keys(got), Object.keys(expected!));
	assert.equal(got.tag, '490c48c1179970a8');
	assert.equal(got.name, 'hello');
	assert.equal(got.type, 'xdp');
	assert.equal(got.bytes_xlated, 96);
	assert.equal(got.bytes_memlock, 4096);
	assert.deepEqual(got.map_ids, [loaded.maps['hello.bss'], loaded.maps['hello.rodata']]);
	assert.equal(got.loaded_at, expected!.loaded_at);
});

test('the SHA-1 era gives the book tag', () => {
	const {kernel} = helloKernel('6.8');
	const [got] = answer(kernel, ['prog', 'show']) as Array<Record<string, unknown>>;
	assert.equal(got!.tag, 'd35b94b4c0c10efb');
});

test('map show matches the real output apart from ids', () => {
	const {kernel, loaded} = helloKernel();
	const expected = remap(fixture('map-show.json'), {5: loaded.maps['hello.bss']!, 6: loaded.maps['hello.rodata']!}) as Array<Record<string, unknown>>;
	const actual = answer(kernel, ['map', 'show']) as Array<Record<string, unknown>>;
	assert.deepEqual(actual.map(m => ({...m, btf_id: 0})), expected.map(m => ({...m, btf_id: 0})));
});

test('map dump of .bss and .rodata formats through BTF like bpftool', () => {
	const {kernel, loaded} = helloKernel();
	const batch = fixture('batch-hello.json') as Array<{command: string[]; output: unknown}>;
	const bss = batch.find(c => c.command.join(' ') === 'map dump id 5')!.output;
	const rodata = batch.find(c => c.command.join(' ') === 'map dump id 6')!.output;
	assert.deepEqual(answer(kernel, ['map', 'dump', 'id', String(loaded.maps['hello.bss'])]), bss);
	assert.deepEqual(answer(kernel, ['map', 'dump', 'id', String(loaded.maps['hello.rodata'])]), rodata);
});

test('prog dump xlated matches the real disassembly', () => {
	const {kernel, loaded} = helloKernel();
	const expected = remap(fixture('xlated-hello.json'), {5: loaded.maps['hello.bss']!, 6: loaded.maps['hello.rodata']!});
	assert.deepEqual(answer(kernel, ['prog', 'dump', 'xlated', 'id', String(loaded.programs.hello)]), expected);
});

test('xlated of hello-func names the subprogram with its own tag', () => {
	const kernel = new EmulatorKernel({seed: 7, clock: virtualClock(), kernelVersion: '6.18'});
	const loaded = kernel.loadObject(helloFuncObject);
	const expected = remap(fixture('xlated-hello-func.json'), {10: loaded.maps['hello_fu.rodata']!});
	assert.deepEqual(answer(kernel, ['prog', 'dump', 'xlated', 'id', String(loaded.programs.hello)]), expected);
	const prog = answer(kernel, ['prog', 'show', 'id', String(loaded.programs.hello)]) as Record<string, unknown>;
	assert.equal(prog.tag, '7c6e9a45a39e6854');
	assert.equal(prog.bytes_xlated, 80);
});

test('runs show up as run_time_ns/run_cnt and increment the counter', async () => {
	const {clock, kernel, loaded} = helloKernel();
	kernel.attach(loaded.programs.hello!, {at: {kind: 'xdp', ifname: 'enp5s0', ifindex: 2, mode: 'generic'}, rate: 100});
	await clock.sleep(1000);
	const prog = answer(kernel, ['prog', 'show', 'id', String(loaded.programs.hello)]) as Record<string, number>;
	assert.ok(prog.run_cnt! > 50 && prog.run_cnt! < 150, `run_cnt ${prog.run_cnt}`);
	assert.ok(prog.run_time_ns! > prog.run_cnt! * 500);
	const [dump] = answer(kernel, ['map', 'dump', 'id', String(loaded.maps['hello.bss'])]) as Array<{formatted: {value: {'.bss': Array<{counter: number}>}}}>;
	assert.equal(dump!.formatted.value['.bss'][0]!.counter, prog.run_cnt);
	const {lines} = kernel.takeTrace();
	assert.equal(lines.length, prog.run_cnt);
	assert.match(lines[0]!, /^ {0,16}\S+-\d+ +\[00\d\] \.\.s21 +\d+\.\d{6}: bpf_trace_printk: Hello World 0$/);
	assert.match(lines.at(-1)!, new RegExp(`Hello World ${prog.run_cnt! - 1}$`));
	const [net] = answer(kernel, ['net', 'show']) as Array<Record<string, unknown>>;
	assert.deepEqual(net, {xdp: [{devname: 'enp5s0', ifindex: 2, mode: 'generic', id: loaded.programs.hello}], tc: [], flow_dissector: []});
});

test('errors look like bpftool errors', () => {
	const {kernel} = helloKernel();
	assert.deepEqual(answer(kernel, ['map', 'dump', 'id', '99999']), {error: 'get map by id (99999): No such file or directory'});
	assert.deepEqual(answer(kernel, ['map', 'show', 'id', '99999']), {error: 'get map by id (99999): No such file or directory'});
	assert.deepEqual(answer(kernel, ['prog', 'show', 'id', '99999']), {error: 'get by id (99999): No such file or directory'});
	assert.deepEqual(answer(kernel, ['prog', 'dump', 'xlated', 'id', '99999']), {error: 'get by id (99999): No such file or directory'});
	assert.deepEqual(answer(kernel, ['link', 'show', 'id', '99999']), {error: 'failed to get link with ID 99999: No such file or directory'});
	assert.deepEqual(answer(kernel, ['version']), {version: '7.1.0', libbpf_version: '1.1', features: {libbfd: false, libbpf_strict: true, skeletons: false}});
	assert.ok('error' in (answer(kernel, ['frobnicate']) as object));
	assert.deepEqual(answer(kernel, ['link', 'show']), fixture('link-show.json'));
});
