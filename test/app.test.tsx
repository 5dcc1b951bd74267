import {createMonitor} from '../source/monitor/monitor.js';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {renderSized} from './helpers/render.js';
import {App} from '../source/app.js';
import {virtualClock} from '../source/clock/clock.js';
import {fixtureBackend} from './helpers/fixture-backend.js';

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 3000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await wait(10);
	}
}

function renderApp(extra: Array<Record<string, unknown>> = []) {
	const backend = fixtureBackend(extra);
	const instance = renderSized(<App monitor={createMonitor({backend, clock: virtualClock({yieldMs: 20}), intervalMs: 1000})} />);
	return {backend, instance};
}

test('programs view shows the header, a program with live figures, and key hints', async () => {
	const {instance} = renderApp();
	await until(() => /hello/.test(instance.lastFrame() ?? ''), 'the program row');
	await until(() => / 100 /.test(instance.lastFrame() ?? ''), 'a rate');
	const frame = instance.lastFrame()!;
	assert.match(frame, /bpftop-ts │ fixture │ every 1\.0s │ 1 programs, 2 maps │ stats on \(fd\)/);
	assert.match(frame, /ID TYPE +NAME +TAG +PROCESS +EVENTS\/S +AVG RUN +CPU%▼ +RUNS/);
	assert.match(frame, /10 xdp +hello +490c48c1179970a8 +- +100 +1\.00µs/);
	assert.match(frame, /q quit {2}\? help/);
	instance.unmount();
});

test('sorting, selection, filter and help respond to keys', async () => {
	const {instance} = renderApp([{id: 11, type: 'kprobe', name: 'other', tag: 'aaaaaaaaaaaaaaaa'}]);
	await until(() => /other +a{16} +- +200 /.test(instance.lastFrame() ?? ''), 'both programs with rates');
	// CPU% sort puts the busier program (id 11: twice the run time) first.
	assert.ok(instance.lastFrame()!.indexOf('other') < instance.lastFrame()!.indexOf('hello'));
	instance.stdin.write('s'); // next column after CPU% is RUNS
	await until(() => /RUNS▼/.test(instance.lastFrame() ?? ''), 'RUNS sort');
	instance.stdin.write('/');
	await until(() => /filter: █/.test(instance.lastFrame() ?? ''), 'the filter prompt');
	await wait(50);
	for (const ch of 'hel') instance.stdin.write(ch);
	await until(() => /filter: hel/.test(instance.lastFrame() ?? ''), 'filter text');
	instance.stdin.write('\r');
	await until(() => /\[filter: hel\]/.test(instance.lastFrame() ?? ''), 'the kept filter');
	assert.doesNotMatch(instance.lastFrame()!, /other/);
	assert.match(instance.lastFrame()!, /hello/);
	instance.stdin.write('?');
	await until(() => /Keys \(press \? or Esc to close\)/.test(instance.lastFrame() ?? ''), 'help');
	assert.match(instance.lastFrame()!, /Pause or resume refreshing/);
	instance.unmount();
});

test('a kernel-provided name with escape sequences is drawn escaped', async () => {
	const {instance} = renderApp([{id: 12, type: 'xdp', name: 'evil\u001b[31m\u0007', tag: 't'}]);
	await until(() => /evil/.test(instance.lastFrame() ?? ''), 'the evil row');
	assert.match(instance.lastFrame()!, /evil\\e\[31m\\a/);
	instance.unmount();
});

test('the same App on the emulator: the book\'s hello programs with live figures, and every view key', async () => {
	const {createEmulatorBackend} = await import('../source/backends/emulator/emulator-backend.js');
	const clock = virtualClock({yieldMs: 20});
	const instance = renderSized(<App monitor={createMonitor({backend: createEmulatorBackend({seed: 1, clock}), clock, intervalMs: 1000})} />, {columns: 120, rows: 30});
	try {
		// The tag, then who holds it (PROCESS), then the rate.
		await until(() => /xdp +hello +d35b94b4c0c10efb +python3\[\d+\] +[1-9]/.test(instance.lastFrame() ?? ''), 'hello with a rate');
		assert.match(instance.lastFrame()!, /raw_tracepoint +hello/);
		for (const [key, pattern] of [['2', /hello\.bss/], ['3', /enp5s0 \(2\) +generic/], ['4', /Hello World \d+|Syscall: \d+/], ['1', /EVENTS\/S/]] as const) {
			instance.stdin.write(key);
			await until(() => pattern.test(instance.lastFrame() ?? ''), `view ${key}`);
		}
	} finally {
		// A failure must not leave the monitor running (the test process would never end).
		instance.unmount();
	}
});

test('keys that arrive in one read each count, in order, against the state the keys before them left', async () => {
	const {instance} = renderApp([
		{id: 11, type: 'kprobe', name: 'second', tag: 'b'.repeat(16)},
		{id: 12, type: 'kprobe', name: 'third', tag: 'c'.repeat(16)},
		{id: 13, type: 'kprobe', name: 'fourth', tag: 'd'.repeat(16)},
	]);
	await until(() => /hello/.test(instance.lastFrame() ?? '') && /fourth/.test(instance.lastFrame() ?? ''), 'four programs');
	try {
		// s s: CPU% → RUNS → ID, in one read. Then the last row, two up, open: the second row's program.
		instance.stdin.write('ss');
		await until(() => /ID▲/.test(instance.lastFrame() ?? ''), 'the ID sort');
		instance.stdin.write('Gkk\r');
		await until(() => /Program 11 second \(kprobe\)/.test(instance.lastFrame() ?? ''), 'the detail of the row G k k reached');
		instance.stdin.write('\t\t');
		await until(() => /\[Machine code \(JIT\)\]/.test(instance.lastFrame() ?? ''), 'two sections on');
		// Esc, then a filter typed in the same read: `/` gives the rest to the filter until Enter.
		instance.stdin.write('\u001b/thi\rj');
		await until(() => /\[filter: thi\]/.test(instance.lastFrame() ?? ''), 'the kept filter');
		assert.doesNotMatch(instance.lastFrame()!, /second|fourth/);
		assert.match(instance.lastFrame()!, /third/);
		assert.match(instance.lastFrame()!, /│ 1 of 4 programs, 2 maps │/);
	} finally {
		instance.unmount();
	}
});
