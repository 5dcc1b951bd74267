import assert from 'node:assert/strict';
import {test} from 'node:test';
import {realClock, virtualClock} from '../../source/clock/clock.js';
import {startPoller} from '../../source/poll/poller.js';

test('never starts a refresh while the last one runs', async () => {
	let running = 0;
	let overlap = false;
	let ticks = 0;
	const poller = startPoller({
		clock: realClock,
		intervalMs: () => 1,
		async tick() {
			running++;
			overlap ||= running > 1;
			await new Promise(resolve => setTimeout(resolve, 15));
			running--;
			return ++ticks;
		},
		onResult() {},
		maxTicks: 5,
	});
	poller.refreshNow();
	poller.refreshNow();
	await poller.done;
	assert.equal(ticks, 5);
	assert.equal(overlap, false);
});

test('a failure is reported and the loop goes on, then recovers', async () => {
	const results: boolean[] = [];
	let n = 0;
	const poller = startPoller({
		clock: virtualClock(),
		intervalMs: () => 1000,
		async tick() {
			if (++n === 2) throw new Error('bpftool broke');
			return n;
		},
		onResult: result => results.push(result.ok),
		maxTicks: 4,
	});
	await poller.done;
	assert.deepEqual(results, [true, false, true, true]);
});

test('failures back off: the sleep doubles up to the cap', async () => {
	const clock = virtualClock();
	const sleeps: number[] = [];
	const sleep = clock.sleep;
	clock.sleep = async ms => {
		sleeps.push(ms);
		return sleep(ms);
	};

	const poller = startPoller({
		clock,
		intervalMs: () => 1000,
		async tick() {
			throw new Error('down');
		},
		onResult() {},
		maxTicks: 6,
		maxBackoffMs: 10_000,
	});
	await poller.done;
	assert.deepEqual(sleeps, [2000, 4000, 8000, 10_000, 10_000]);
});

test('stop() ends the loop during its sleep', async () => {
	const poller = startPoller({clock: realClock, intervalMs: () => 60_000, tick: async () => 1, onResult() {}});
	await new Promise(resolve => setTimeout(resolve, 20));
	const started = Date.now();
	await poller.stop();
	assert.ok(Date.now() - started < 1000);
});
