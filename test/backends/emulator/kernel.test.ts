import {test} from 'node:test';
import assert from 'node:assert/strict';
import {virtualClock} from '../../../source/clock/clock.js';
import {EmulatorKernel} from '../../../source/backends/emulator/kernel.js';
import {answer} from '../../../source/backends/emulator/bpftool/answer.js';
import {Asm} from '../../../source/backends/emulator/vm/asm.js';
import type {BpfObjectSpec} from '../../../source/backends/emulator/object.js';

const START = 1_795_598_726_000;

function object(name: string, build: (a: Asm) => void, maps: BpfObjectSpec['maps'] = [], type = 'kprobe'): BpfObjectSpec {
	const a = new Asm();
	build(a);
	const {insns, mapRefs} = a.build();
	return {name, license: 'GPL', maps, programs: [{name, section: `kprobe/${name}`, type, insns, mapRefs}]};
}

test('a faulting program counts errors and the kernel keeps going', async () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 3, clock});
	const bad = kernel.loadObject(object('oob', a => a.ldx('dw', 0, 10, 8).exit()), {attach: {oob: {at: {kind: 'kprobe', func: 'x'}, rate: 50}}});
	const good = kernel.loadObject(object('fine', a => a.mov(0, 0).exit()), {attach: {fine: {at: {kind: 'kprobe', func: 'y'}, rate: 50}}});
	await clock.sleep(1000);
	const badShow = answer(kernel, ['prog', 'show', 'id', String(bad.programs.oob)]) as Record<string, unknown>;
	const goodShow = answer(kernel, ['prog', 'show', 'id', String(good.programs.fine)]) as Record<string, unknown>;
	assert.ok((badShow.run_cnt as number) > 20);
	assert.equal(badShow.emulator_errors, badShow.run_cnt);
	assert.match(badShow.emulator_last_error as string, /invalid access to stack/);
	assert.ok((goodShow.run_cnt as number) > 20);
	assert.equal(goodShow.emulator_errors, undefined);
});

test('tail calls jump through a prog_array', () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 3, clock});
	const counter = {name: 'hits', type: 'array', keySize: 4, valueSize: 8, maxEntries: 1, flags: 0};
	const target = kernel.loadObject(object('target', a => {
		a.st('w', 10, -4, 0).ldMap(1, 'hits').movr(2, 10).alu64('ADD', 2, -4).call(1).jmp('JEQ', 0, 0, 'out').mov(1, 1).atomic('dw', 'ADD', 0, 0, 1);
		a.label('out').mov(0, 7).exit();
	}, [counter]));
	const jmp = {name: 'jmp', type: 'prog_array', keySize: 4, valueSize: 4, maxEntries: 4, flags: 0};
	const caller = kernel.loadObject(object('caller', a => {
		a.ldMap(2, 'jmp').mov(3, 1).call(12).mov(0, 99).exit();
	}, [jmp]));
	kernel.setTailCall(caller.maps.jmp!, 1, target.programs.target!);
	const program = kernel.program(caller.programs.caller!)!;
	const result = kernel.execute(program, kernel.makeEvent({kind: 'kprobe', func: 'x'}));
	assert.equal(result.error, undefined);
	assert.equal(result.r0, 7n);
	const [hits] = answer(kernel, ['map', 'dump', 'id', String(target.maps.hits)]) as Array<{value: string[]}>;
	assert.equal(hits!.value[0], '0x01');
	// An empty slot falls through.
	kernel.setTailCall(caller.maps.jmp!, 1, 0);
	assert.equal(kernel.execute(program, kernel.makeEvent({kind: 'kprobe', func: 'x'})).r0, 99n);
	const [jmpShow] = [answer(kernel, ['map', 'show', 'id', String(caller.maps.jmp)]) as Record<string, unknown>];
	assert.equal(jmpShow!.owner_prog_type, 'kprobe');
});

test('bpf_map helpers from bytecode: update, lookup, delete, E2BIG', () => {
	const kernel = new EmulatorKernel({seed: 3, clock: virtualClock({startWallMs: START})});
	const spec = {name: 'small', type: 'hash', keySize: 4, valueSize: 8, maxEntries: 1, flags: 0};
	const loaded = kernel.loadObject(object('upd', a => {
		// key 1 → 5 (fits), key 2 → 6 (E2BIG), return the second update's result.
		a.st('w', 10, -4, 1).st('dw', 10, -16, 5).ldMap(1, 'small').movr(2, 10).alu64('ADD', 2, -4).movr(3, 10).alu64('ADD', 3, -16).mov(4, 0).call(2);
		a.st('w', 10, -4, 2).ldMap(1, 'small').movr(2, 10).alu64('ADD', 2, -4).movr(3, 10).alu64('ADD', 3, -16).mov(4, 0).call(2).exit();
	}, [spec]));
	const program = kernel.program(loaded.programs.upd!)!;
	const result = kernel.execute(program, kernel.makeEvent({kind: 'kprobe', func: 'x'}));
	assert.equal(result.error, undefined);
	assert.equal(BigInt.asIntN(64, result.r0), -7n);
	assert.deepEqual(answer(kernel, ['map', 'dump', 'id', String(loaded.maps.small)]), [
		{key: ['0x01', '0x00', '0x00', '0x00'], value: ['0x05', '0x00', '0x00', '0x00', '0x00', '0x00', '0x00', '0x00']},
	]);
});

test('writing to .rodata from a program faults', () => {
	const kernel = new EmulatorKernel({seed: 3, clock: virtualClock({startWallMs: START})});
	const rodata = {name: 'x.rodata', type: 'array', keySize: 4, valueSize: 4, maxEntries: 1, flags: 1152, frozen: true};
	const loaded = kernel.loadObject(object('ro', a => a.ldMapValue(1, 'x.rodata').st('w', 1, 0, 1).mov(0, 0).exit(), [rodata]));
	const result = kernel.execute(kernel.program(loaded.programs.ro!)!, kernel.makeEvent({kind: 'kprobe', func: 'x'}));
	assert.match(result.error ?? '', /read-only/);
});

test('run_cnt follows the rate; the cap bounds the interpreted runs of one catch-up, the rest are estimated', async () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 11, clock, runCap: 100});
	const loaded = kernel.loadObject(object('busy', a => a.mov(0, 0).exit()), {attach: {busy: {at: {kind: 'kprobe', func: 'x'}, rate: 1000}}});
	await clock.sleep(1000);
	const {stats} = kernel.program(loaded.programs.busy!)!;
	assert.equal(stats.interpreted, 100);
	assert.equal(stats.insns, 200);
	assert.ok(stats.runCnt > 900 && stats.runCnt < 1100, `run_cnt ${stats.runCnt}`);
	assert.equal(stats.estimated, stats.runCnt - 100);
	// Estimated runs cost what the interpreted ones did, give or take the jitter.
	const mean = stats.interpretedTimeNs / stats.interpreted;
	assert.ok(Math.abs(stats.runTimeNs / stats.runCnt - mean) < mean * 0.05);
});

test('over the run budget, busy programs are cut to a common level and quiet ones still run every event', async () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 12, clock, runBudget: 300});
	const quiet = kernel.loadObject(object('quiet', a => a.mov(0, 0).exit()), {attach: {quiet: {at: {kind: 'kprobe', func: 'x'}, rate: 20}}});
	const busy = kernel.loadObject(object('busy', a => a.mov(0, 0).exit()), {attach: {busy: {at: {kind: 'kprobe', func: 'y'}, rate: 2000}}});
	const faulty = kernel.loadObject(object('oob', a => a.ldx('dw', 0, 10, 8).exit()), {attach: {oob: {at: {kind: 'kprobe', func: 'z'}, rate: 2000}}});
	for (let i = 0; i < 5; i++) {
		await clock.sleep(1000);
		kernel.catchUp();
	}

	const stats = (id: number | undefined) => kernel.program(id!)!.stats;
	const q = stats(quiet.programs.quiet);
	assert.equal(q.estimated, 0);
	assert.equal(q.interpreted, q.runCnt);
	for (const b of [stats(busy.programs.busy), stats(faulty.programs.oob)]) {
		// The rate holds (5 s at 2000/s) while the interpreter ran about 140 of them a second.
		assert.ok(b.runCnt > 9500 && b.runCnt < 10_500, `run_cnt ${b.runCnt}`);
		assert.ok(b.interpreted > 500 && b.interpreted < 900, `interpreted ${b.interpreted}`);
	}

	// Estimated runs of a program that always faults fault too.
	assert.equal(stats(faulty.programs.oob).errors, stats(faulty.programs.oob).runCnt);
});

test('the warm-up interprets at most one second of the budget and estimates the rest', () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 13, clock, runBudget: 100, warmUpSeconds: 3});
	const loaded = kernel.loadObject(object('w', a => a.mov(0, 0).exit()), {attach: {w: {at: {kind: 'kprobe', func: 'x'}, rate: 200}}});
	const {stats} = kernel.program(loaded.programs.w!)!;
	assert.equal(stats.interpreted, 100);
	assert.ok(stats.runCnt > 500, `run_cnt ${stats.runCnt}`);
});

test('a smaller warm-up credit interprets that many runs, and no program gets a first run beyond it', async () => {
	const clock = virtualClock({startWallMs: START});
	const kernel = new EmulatorKernel({seed: 13, clock, runBudget: 100, warmUpSeconds: 3, warmUpRuns: 5});
	const attach = (rate: number) => ({at: {kind: 'kprobe', func: 'x'}, rate}) as const;
	const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
	const ids = names.map(name => kernel.loadObject(object(name, a => a.mov(0, 0).exit()), {attach: {[name]: attach(50)}}).programs[name]!);
	// The first query simulates the 3 s of history.
	answer(kernel, ['prog', 'show']);
	const stats = ids.map(id => kernel.program(id)!.stats);
	assert.equal(stats.reduce((sum, s) => sum + s.interpreted, 0), 5);
	for (const s of stats) assert.ok(s.runCnt > 100, `run_cnt ${s.runCnt}: the history is there, estimated`);
	// The first real catch-up gives every program that has not run its first run.
	await clock.sleep(1000);
	answer(kernel, ['prog', 'show']);
	for (const id of ids) assert.ok(kernel.program(id)!.stats.interpreted >= 1);
});

test('objects with map types the emulator does not model still load and show', () => {
	const kernel = new EmulatorKernel({seed: 3, clock: virtualClock({startWallMs: START})});
	const perf = {name: 'events', type: 'perf_event_array', keySize: 4, valueSize: 4, maxEntries: 2, flags: 0};
	const loaded = kernel.loadObject(object('perf', a => a.mov(0, 0).exit(), [perf]));
	const shown = answer(kernel, ['map', 'show', 'id', String(loaded.maps.events)]) as Record<string, unknown>;
	assert.equal(shown.type, 'perf_event_array');
	assert.deepEqual(answer(kernel, ['map', 'dump', 'id', String(loaded.maps.events)]), []);
});

test('an object with a program the verifier would refuse loads nothing', () => {
	const kernel = new EmulatorKernel({seed: 3, clock: virtualClock({startWallMs: START})});
	const map = {name: 'm', type: 'hash', keySize: 4, valueSize: 8, maxEntries: 4, flags: 0};
	assert.throws(() => kernel.loadObject(object('bad', a => a.mov(10, 0).exit(), [map])), /frame pointer is read only/);
	assert.deepEqual(answer(kernel, ['map', 'show']), []);
	assert.deepEqual(answer(kernel, ['prog', 'show']), []);
});
