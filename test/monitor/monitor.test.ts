// The headless core without React: driven by the emulator on a virtual clock, and by a scripted
// backend where a failure or a trace line must arrive at a given refresh.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createEmulatorBackend} from '../../source/backends/emulator/emulator-backend.js';
import type {Backend, TraceSource} from '../../source/backends/backend.js';
import {virtualClock} from '../../source/clock/clock.js';
import type {Model} from '../../source/model/model.js';
import {createMonitor, type MonitorEvent} from '../../source/monitor/monitor.js';
import {fakeBackend} from '../helpers/fake-backend.js';
import {helloAnswers} from '../helpers/hello-answers.js';

function collectEvents(monitor: ReturnType<typeof createMonitor>): MonitorEvent[] {
	const events: MonitorEvent[] = [];
	monitor.subscribe(event => events.push(event));
	return events;
}

const models = (events: readonly MonitorEvent[]): Model[] => events.flatMap(event => (event.type === 'model' ? [event.model] : []));

test('on the emulator, the core emits one model per refresh with rates from the second on, and stops after maxTicks', async () => {
	const clock = virtualClock({startWallMs: 0});
	const backend = createEmulatorBackend({seed: 1, clock});
	const monitor = createMonitor({backend, clock, intervalMs: 1000, maxTicks: 3});
	const events = collectEvents(monitor);
	await monitor.done;
	const [first, second, third] = models(events);
	assert.equal(models(events).length, 3);
	assert.equal(first!.intervalSec, 0);
	assert.equal(second!.intervalSec, 1);
	assert.ok(second!.programs.some(row => row.stats.eventsPerSec > 0));
	assert.ok(third!.snapshot.timeNs > second!.snapshot.timeNs);
	assert.equal(monitor.model, third);
	await backend.close();
});

test('a new request refreshes at once and the next model carries what it asked for', async () => {
	const clock = virtualClock({startWallMs: 0, yieldMs: 5});
	const backend = fakeBackend(helloAnswers);
	// A long interval: only a new request can bring the second refresh this soon.
	const monitor = createMonitor({backend, clock, intervalMs: 60_000});
	const events = collectEvents(monitor);
	await waitFor(() => models(events).length >= 1);
	monitor.configure({request: {attachments: true}});
	await waitFor(() => models(events).some(model => model.snapshot.attachments !== undefined));
	await monitor.stop();
	assert.ok(backend.calls.some(call => call.commands.some(command => command.join(' ') === 'link show')));
});

test('paused: no refreshes; a failure is an error event, and the last good model stays', async () => {
	const clock = virtualClock({startWallMs: 0, yieldMs: 2});
	let fail = false;
	const base = fakeBackend(helloAnswers);
	const backend: Backend = {
		...base,
		async run(commands, signal, scope) {
			if (fail) throw new Error('bpftool went away');
			return base.run(commands, signal, scope);
		},
	};
	const monitor = createMonitor({backend, clock, intervalMs: 10});
	const events = collectEvents(monitor);
	await waitFor(() => models(events).length >= 2);
	monitor.configure({paused: true});
	await sleep(20);
	const calls = base.calls.length;
	await sleep(30);
	assert.equal(base.calls.length, calls, 'no refresh while paused');
	// Something new asked for (a map opened, a view switched) is fetched once, paused or not.
	monitor.configure({request: {attachments: true}});
	await waitFor(() => monitor.model?.snapshot.attachments !== undefined);
	const after = base.calls.length;
	await sleep(30);
	assert.equal(base.calls.length, after, 'and then paused again');
	const good = monitor.model;
	fail = true;
	monitor.configure({paused: false});
	await waitFor(() => events.some(event => event.type === 'error'));
	assert.equal(monitor.error, 'bpftool went away');
	assert.equal(monitor.model, good);
	fail = false;
	await waitFor(() => monitor.error === undefined);
	await monitor.stop();
});

test('the last listener to leave stops the loop', async () => {
	const clock = virtualClock({startWallMs: 0, yieldMs: 2});
	const backend = fakeBackend(helloAnswers);
	const monitor = createMonitor({backend, clock, intervalMs: 5});
	const leave = monitor.subscribe(() => undefined);
	await waitFor(() => backend.calls.length >= 2);
	leave();
	await monitor.done;
	const calls = backend.calls.length;
	await sleep(30);
	assert.equal(backend.calls.length, calls);
});

test('the trace feed keeps its log and counters while closed, and a backlog is lines, not a rate', async () => {
	const clock = virtualClock({startWallMs: 0});
	const pending: string[] = [];
	let opens = 0;
	const base = fakeBackend(helloAnswers);
	const backend: Backend = {
		...base,
		openTrace(): TraceSource {
			opens++;
			return {take: () => ({lines: pending.splice(0), dropped: 0}), close: async () => undefined};
		},
	};
	const monitor = createMonitor({backend, clock, intervalMs: 1000});
	// What waited before the first open (lines since boot) is a backlog too.
	pending.push('old 1', 'old 2', 'old 3');
	monitor.trace.open();
	assert.equal(monitor.trace.log?.total, 3);
	assert.equal(monitor.trace.log?.rate, 0);
	pending.push('line 1', 'line 2');
	await clock.sleep(100);
	monitor.trace.drain();
	assert.equal(monitor.trace.log?.total, 5);
	assert.ok(monitor.trace.log!.rate > 0);
	await monitor.trace.close();
	// Lines written while nobody reads wait in the kernel's buffer.
	for (let index = 0; index < 500; index++) pending.push(`backlog ${index}`);
	await clock.sleep(10_000);
	monitor.trace.open();
	assert.equal(opens, 2);
	assert.equal(monitor.trace.log?.total, 505, 'the log goes on where it was');
	assert.equal(monitor.trace.log?.rate, 0, 'the backlog is not counted as a rate');
	pending.push('fresh');
	await clock.sleep(100);
	monitor.trace.drain();
	assert.ok(monitor.trace.log!.rate > 0 && monitor.trace.log!.rate < 10);
	await monitor.stop();
});

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(5);
	}
}

function sleep(ms: number) {
	return new Promise(resolve => setTimeout(resolve, ms));
}
