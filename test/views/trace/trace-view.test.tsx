import {createMonitor} from '../../../source/monitor/monitor.js';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import type {Backend} from '../../../source/backends/backend.js';
import {App} from '../../../source/app.js';
import {realClock} from '../../../source/clock/clock.js';
import {adviceFor} from '../../../source/views/trace/TraceError.js';
import type {TraceChunk} from '../../../source/snapshot/snapshot.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const printk = (n: number, message = `Hello World ${n}`) => `         python3-3383    [001] ..s21   ${(243 + n / 1000).toFixed(6)}: bpf_trace_printk: ${message}`;

/** A backend with no programs whose trace source hands out what the test queues. */
function fakeBackend(error?: string, notice?: string) {
	const queue: string[] = [];
	const counts = {opened: 0, closed: 0, open: 0};
	const backend: Backend = {
		name: 'emulator',
		label: 'fake',
		stats: {on: true, how: 'simulated'},
		run: async commands => commands.map(command => ({command, output: []})),
		openTrace() {
			counts.opened++;
			counts.open++;
			return {
				take: (): TraceChunk => ({lines: queue.splice(0), dropped: 0, ...(error ? {error} : {}), ...(notice ? {notice} : {})}),
				async close() {
					counts.closed++;
					counts.open--;
				},
			};
		},
		async close() {},
	};
	return {backend, queue, counts};
}

async function waitFor(frame: () => string | undefined, pattern: RegExp | string, timeoutMs = 3000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const text = frame() ?? '';
		if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)} in:\n${text}`);
		await sleep(20);
	}
}

test('the trace view follows new lines, shows escapes visibly and never writes them raw', async () => {
	const {backend, queue, counts} = fakeBackend();
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		queue.push(printk(1), printk(2, '\u001b[31mred\u001b]0;pwned\u0007 \u001b]2;t\u001b\\ \u009b2J back\bspace\rcr'));
		const frame = await waitFor(app.lastFrame, 'Hello World 1');
		assert.match(frame, /following/);
		assert.match(frame, /reading trace_pipe consumes it/);
		assert.match(frame, /python3\s+3383/);
		assert.ok(frame.includes('\\e[31mred\\e]0;pwned\\a \\e]2;t\\e\\ \\x9b2J back\\bspace\\rcr'), frame);
		for (const output of app.frames) assert.ok(!/[\u0007\u0008\r\u009b]|\u001b\]|\u001b\[31m/.test(output), JSON.stringify(output));
		assert.equal(counts.open, 1);
	} finally {
		app.unmount();
	}

	await sleep(10);
	assert.equal(counts.open, 0, 'the reader is closed when the app goes away');
});

test('the trace pipe is read only while the view is shown', async () => {
	const {backend, counts} = fakeBackend();
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} />);
	try {
		await waitFor(app.lastFrame, 'ID');
		assert.equal(counts.opened, 0, 'the Programs view does not read the trace');
		app.stdin.write('4');
		await waitFor(app.lastFrame, 'Waiting for trace lines');
		assert.equal(counts.open, 1);
		app.stdin.write('1');
		await waitFor(app.lastFrame, 'No BPF programs loaded');
		await sleep(10);
		assert.equal(counts.open, 0);
		assert.equal(counts.closed, 1);
	} finally {
		app.unmount();
	}
});

test('scrolling up pauses following; End follows again; a burst is drawn once per tick', async () => {
	const {backend, queue} = fakeBackend();
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		await waitFor(app.lastFrame, 'Waiting for trace lines');
		const framesBefore = app.frames.length;
		for (let n = 0; n < 5000; n++) queue.push(printk(n));
		let frame = await waitFor(app.lastFrame, 'Hello World 4999');
		assert.ok(app.frames.length - framesBefore <= 5, `a burst of 5000 lines drew ${app.frames.length - framesBefore} frames`);
		assert.match(frame, /5\.00k lines/);
		app.stdin.write('\u001b[5~'); // PgUp
		frame = await waitFor(app.lastFrame, /paused, \d+ newer below/);
		assert.ok(!frame.includes('Hello World 4999'));
		queue.push(printk(5000));
		await sleep(250);
		assert.ok(!app.lastFrame()!.includes('Hello World 5000'), 'the window holds still while paused');
		assert.match(app.lastFrame()!, /paused, \d+ newer below/);
		app.stdin.write('\u001b[F'); // End
		frame = await waitFor(app.lastFrame, 'Hello World 5000');
		assert.match(frame, /following/);
		app.stdin.write('p');
		await waitFor(app.lastFrame, /paused, 0 newer below/);
	} finally {
		app.unmount();
	}
});

test('the filter keeps matching lines', async () => {
	const {backend, queue} = fakeBackend();
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		queue.push(printk(1, 'alpha'), printk(2, 'beta'), printk(3, 'alphabet'));
		await waitFor(app.lastFrame, 'alphabet');
		app.stdin.write('/');
		await waitFor(app.lastFrame, 'filter:');
		await sleep(100); // Ink subscribes the new key handler in an effect, after the frame is drawn
		app.stdin.write('alpha');
		const frame = await waitFor(app.lastFrame, '2 of 3 match');
		assert.ok(!frame.includes('beta '), frame);
	} finally {
		app.unmount();
	}
});

test('no tracefs: the view says what to do, and the other views keep working', async () => {
	const {backend} = fakeBackend('tracefs is not mounted (no trace_pipe in /sys/kernel/tracing): mount it with: mount -t tracefs nodev /sys/kernel/tracing');
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		const frame = await waitFor(app.lastFrame, 'Cannot read the trace log');
		assert.match(frame, /mount -t tracefs nodev \/sys\/kernel\/tracing/);
		app.stdin.write('1');
		await waitFor(app.lastFrame, 'No BPF programs loaded');
	} finally {
		app.unmount();
	}
});

test('the advice fits the failure', () => {
	assert.match(adviceFor('/sys/kernel/tracing/trace_pipe is busy: another program is reading the trace pipe'), /close the other/);
	assert.match(adviceFor('cannot read /sys/kernel/tracing/trace_pipe: permission denied (run as root)'), /Run as root/);
	assert.match(adviceFor('tracefs is not mounted (no trace_pipe in …)'), /mount -t tracefs nodev/);
});

test('tracing switched off: the status line says so', async () => {
	const {backend} = fakeBackend(undefined, 'tracing is off (/sys/kernel/tracing/tracing_on is 0)');
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		await waitFor(app.lastFrame, '! tracing is off');
	} finally {
		app.unmount();
	}
});

test('leaving the Trace view and coming back keeps the lines and counters; the backlog is not a rate', async () => {
	const {backend, queue, counts} = fakeBackend();
	const app = render(<App monitor={createMonitor({backend, clock: realClock, intervalMs: 1000})} start={{view: 'trace'}} />);
	try {
		queue.push(printk(1), printk(2), printk(3));
		await waitFor(app.lastFrame, /3 lines/);
		app.stdin.write('1');
		await waitFor(app.lastFrame, /ID\s+TYPE/);
		for (let tries = 0; counts.open > 0 && tries < 50; tries++) await sleep(10);
		assert.equal(counts.open, 0, 'the pipe is closed while another view is shown');
		// Lines written meanwhile wait in the kernel's buffer: a backlog.
		for (let n = 4; n <= 503; n++) queue.push(printk(n));
		app.stdin.write('4');
		const frame = await waitFor(app.lastFrame, /503 lines/);
		// 500 lines at once would read as ≥ 250 lines/s; only the first three count (at most 6/s).
		const rate = Number(/(\d+) lines\/s/.exec(frame)?.[1]);
		assert.ok(rate <= 6, `a backlog is not reported as a rate: ${rate} lines/s`);
		assert.match(frame, /Hello World 503/);
		assert.equal(counts.opened, 2);
	} finally {
		app.unmount();
	}
});
