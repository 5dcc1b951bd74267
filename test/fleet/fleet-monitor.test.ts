// The fleet on made-up hosts (canned bpftool answers, with delays and failures on demand), in real
// time with short intervals: one core per host, merged models, the slow and the failing host.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Backend, TraceSource} from '../../source/backends/backend.js';
import {realClock} from '../../source/clock/clock.js';
import {createFleetMonitor, hostRequest} from '../../source/fleet/fleet-monitor.js';
import type {Model} from '../../source/model/model.js';
import {fakeBackend, type FakeBackend} from '../helpers/fake-backend.js';
import {helloAnswers} from '../helpers/hello-answers.js';

type Host = FakeBackend & {delayMs: number; failing: boolean; closed: boolean};

function host(label: string, lines: string[] = []): Host {
	const base = fakeBackend(helloAnswers, {}, label);
	const made: Host = {
		...base,
		delayMs: 0,
		failing: false,
		closed: false,
		async run(commands, signal, scope) {
			if (made.delayMs > 0) await new Promise(resolve => setTimeout(resolve, made.delayMs));
			if (made.failing) throw new Error(`${label}: unreachable: Connection refused`);
			return base.run(commands, signal, scope);
		},
		openTrace: (): TraceSource => ({take: () => ({lines: lines.splice(0), dropped: 0}), close: async () => {}}),
		async close() {
			made.closed = true;
		},
	};
	return made;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

test("a slow host keeps its last model; the other's figures come at their interval", async () => {
	const fast = host('fast');
	const slow = host('slow');
	slow.delayMs = 600;
	const fleet = createFleetMonitor({hosts: [{host: 'fast', backend: fast}, {host: 'slow', backend: slow}], clock: realClock, intervalMs: 100});
	const models: Array<{at: number; model: Model}> = [];
	fleet.subscribe(event => {
		if (event.type === 'model') models.push({at: Date.now(), model: event.model});
	});
	await waitFor(() => models.filter(({model}) => model.hosts?.every(entry => entry.state === 'up')).length >= 6);
	await fleet.stop();
	const both = models.filter(({model}) => model.hosts?.every(entry => entry.state === 'up'));
	// Each merged model is new because some host answered. The fast host's model is new in most;
	// a round without it is one the slow host's answer started and the deadline ended (the fast
	// host's next answer, due within one interval, then goes into the next round).
	const times = (index: number) => both.map(({model}) => model.hosts![index]!.model!.snapshot.timeNs);
	const newIn = (list: bigint[]) => list.slice(1).map((time, index) => time > list[index]!);
	const fastNew = newIn(times(0));
	const slowNew = newIn(times(1));
	assert.ok(fastNew.every((isNew, index) => isNew || slowNew[index]), 'every round holds a new answer');
	const count = (list: boolean[]) => list.filter(Boolean).length;
	assert.ok(count(fastNew) > count(slowNew), `the fast host is new in ${count(fastNew)} rounds, the slow one in ${count(slowNew)}`);
	assert.ok(count(fastNew) >= fastNew.length - count(slowNew), 'only a round the slow host started goes without the fast one');
	const gaps = both.slice(1).map((item, index) => item.at - both[index]!.at);
	assert.ok(Math.max(...gaps) < 400, `rounds ${gaps.join(', ')} ms apart: not held by the slow host`);
	assert.ok(both.at(-1)!.model.programs.some(row => row.host === 'slow'), "the slow host's rows stay");
});

test('a failing host is down with why, retried, and up again when it answers; the other is untouched', async () => {
	const good = host('good');
	const flaky = host('flaky');
	flaky.failing = true;
	const fleet = createFleetMonitor({hosts: [{host: 'good', backend: good}, {host: 'flaky', backend: flaky}], clock: realClock, intervalMs: 50, maxBackoffMs: 100});
	let latest: Model | undefined;
	fleet.subscribe(event => {
		if (event.type === 'model') latest = event.model;
	});
	await waitFor(() => (latest?.hosts?.[1]?.failures ?? 0) >= 3);
	const down = latest!.hosts![1]!;
	assert.equal(down.state, 'down');
	assert.equal(down.error, 'flaky: unreachable: Connection refused');
	assert.equal(latest!.hosts![0]!.state, 'up');
	assert.match(latest!.snapshot.problems[0]!, /^flaky: flaky: unreachable/);
	assert.match(fleet.backend.label, /^2 hosts, 1 down \(flaky\)/);
	flaky.failing = false;
	await waitFor(() => latest?.hosts?.[1]?.state === 'up');
	assert.equal(latest!.hosts![1]!.failures, 0);
	assert.equal(fleet.backend.label, '2 hosts');
	await fleet.stop();
});

test('a program or map opened on one host is asked of that host only; the others keep to their lists', async () => {
	const a = host('a');
	const b = host('b');
	const fleet = createFleetMonitor({hosts: [{host: 'a', backend: a}, {host: 'b', backend: b}], clock: realClock, intervalMs: 50});
	let latest: Model | undefined;
	fleet.subscribe(event => {
		if (event.type === 'model') latest = event.model;
	});
	await waitFor(() => latest !== undefined);
	fleet.configure({request: {progId: 10, host: 'b', attachments: true}});
	await waitFor(() => latest?.snapshot.programDump?.progId === 10);
	await fleet.stop();
	const asked = (backend: FakeBackend) => backend.calls.flatMap(call => call.commands.map(command => command.join(' ')));
	assert.ok(asked(b).includes('prog dump xlated id 10'));
	assert.ok(!asked(a).includes('prog dump xlated id 10'));
	assert.ok(asked(a).includes('link show'), 'attachments are asked of every host');
	assert.deepEqual(hostRequest({mapId: 3, host: 'b'}, 'a', false), {});
	assert.deepEqual(hostRequest({mapId: 3}, 'a', true), {mapId: 3});
});

test('batch: -n rounds, then every host stops; trace lines carry their host; closing closes every host', async () => {
	const a = host('a', ['line from a']);
	const b = host('b', ['line from b']);
	const fleet = createFleetMonitor({hosts: [{host: 'a', backend: a}, {host: 'b', backend: b}], clock: realClock, intervalMs: 30, maxTicks: 3, waitForConnecting: true});
	fleet.trace.open();
	let models = 0;
	fleet.subscribe(event => {
		if (event.type === 'model') models++;
	});
	await fleet.done;
	assert.equal(models, 3);
	// Opening drained the sources once already.
	assert.deepEqual(fleet.trace.log?.entries.map(entry => entry.text), ['line from a', 'line from b']);
	assert.deepEqual(fleet.trace.log?.entries.map(entry => entry.host), ['a', 'b']);
	const calls = a.calls.length;
	await new Promise(resolve => setTimeout(resolve, 100));
	assert.equal(a.calls.length, calls, 'no refresh after the last round');
	await fleet.backend.close();
	assert.ok(a.closed && b.closed);
});
