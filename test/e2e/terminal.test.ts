// The interactive screen in a pseudo-terminal, replayed through a headless xterm: what a user sees
// and what is left of their terminal afterwards.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli, runInPty, withPty, type PtyRun} from '../helpers/cli.js';
import {VirtualScreen} from '../helpers/screen.js';
import {keymap} from '../../source/views/views.js';

// On the emulator: no root, no BPF, so these run everywhere (BPFTOP_TEST_KERNEL=0 too).
const backend = ['--backend', 'emulator'];
const ready = /\d+ programs, \d+ maps/;
const colourSgr = /\u001B\[[\d;]*(?:(?:3|4|9|10)\d)(?:;[\d;]*)?m/;
const timeout = 60_000;

async function screenOf(output: string, columns = 120, rows = 40): Promise<VirtualScreen> {
	const screen = new VirtualScreen(columns, rows);
	await screen.write(output);
	return screen;
}

/** Waits until the replayed screen shows the pattern (the frame after a key, not just its bytes). */
async function screenShows(run: PtyRun, pattern: RegExp, columns = 120, rows = 40, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = await screenOf(run.output(), columns, rows);
		const text = screen.lines().join('\n');
		screen.dispose();
		if (pattern.test(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)} on screen:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

async function assertRestored(output: string) {
	const screen = await screenOf(output);
	assert.equal(screen.bufferType(), 'normal', 'left the alternate screen');
	assert.equal(screen.cursorHidden(), false, 'cursor shown again');
	assert.match(output, /\u001B\[\?1049h/, 'entered the alternate screen');
	screen.dispose();
}

test('q quits with 0 and gives the screen back', {timeout}, async () => {
	await withPty(backend, {}, async run => {
		await run.waitFor(ready, 30_000);
		const screen = await screenOf(run.output());
		assert.equal(screen.bufferType(), 'alternate');
		assert.equal(screen.cursorHidden(), true);
		assert.match(screen.lines()[0]!, /^bpftop-ts │ emulator/);
		// The footer, with the last line left free.
		assert.match(screen.lines()[38]!, /q quit/);
		run.write('q');
		const {exitCode} = await run.exited;
		assert.equal(exitCode, 0);
		await assertRestored(run.output());
	});
});

for (const [name, act, code] of [
	['Ctrl-C', (run: PtyRun) => run.write('\u0003'), 0],
	['SIGTERM', (run: PtyRun) => run.kill('SIGTERM'), 143],
	['SIGHUP', (run: PtyRun) => run.kill('SIGHUP'), 129],
] as const) {
	test(`${name} ends the monitor and gives the screen back`, {timeout}, async () => {
		await withPty(backend, {}, async run => {
			await run.waitFor(ready, 30_000);
			act(run);
			const {exitCode} = await run.exited;
			assert.equal(exitCode, code);
			await assertRestored(run.output());
		});
	});
}

test('colour by default; NO_COLOR and --no-color write no colour codes, inverse stays', {timeout}, async () => {
	const outputs: string[] = [];
	for (const [args, env] of [
		// The test runner sets FORCE_COLOR=0, which means no colour too.
		[[], {FORCE_COLOR: '1'}],
		[[], {FORCE_COLOR: '1', NO_COLOR: '1'}],
		[['--no-color'], {FORCE_COLOR: '1'}],
	] as const) {
		await withPty([...backend, ...args], {env}, async run => {
			await run.waitFor(ready, 30_000);
			run.write('q');
			await run.exited;
			outputs.push(run.output());
		});
	}

	assert.match(outputs[0]!, colourSgr, 'the default has colours, or this test proves nothing');
	for (const output of outputs.slice(1)) {
		assert.doesNotMatch(output, colourSgr);
		assert.match(output, /\u001B\[[\d;]*7m/, 'inverse (the table header) remains');
	}
});

test('--ascii writes only ASCII', {timeout}, async () => {
	await withPty([...backend, '--ascii'], {}, async run => {
		await run.waitFor(ready, 30_000);
		run.write('?');
		await screenShows(run, /^Keys \(press/m);
		// ? closes the help again (a lone Esc followed at once by q would read as Meta-q).
		run.write('?');
		await screenShows(run, /^ +ID TYPE/m);
		run.write('q');
		await run.exited;
		assert.match(run.output(), /^[\u0000-\u007F]*$/);
		assert.match((await screenOf(run.output().replace(/\u001B\[\?1049l$/, ''))).lines()[0]!, /^bpftop-ts \| emulator/);
	});
});

test('TERM=dumb: plain snapshots as in batch mode, no alternate screen, no escape sequences', {timeout}, async () => {
	await withPty([...backend, '--interval', '0.3'], {env: {TERM: 'dumb'}}, async run => {
		await run.waitFor(/^bpftop-ts - \S+ - emulator[\s\S]*\n\nbpftop-ts - /m, 30_000);
		// A terminal that cannot move the cursor gets no keyboard handling either: it ends like top -b.
		run.kill('SIGTERM');
		assert.equal((await run.exited).exitCode, 128 + 15);
		assert.doesNotMatch(run.output(), /\u001B/);
		assert.match(run.output(), /^ +ID TYPE +NAME/m);
	});
});

test('the frame reflows when the terminal is resized', {timeout}, async () => {
	await withPty(backend, {columns: 120, rows: 40}, async run => {
		await run.waitFor(ready, 30_000);
		await new Promise(resolve => setTimeout(resolve, 300));
		const before = run.output().length;
		assert.equal((await screenOf(run.output())).lines()[1]!.length, 120, 'the table header spans 120 columns');
		run.resize(80, 24);
		// Replays the bytes from before the resize at 120×40 and the rest at 80×24, until the new frame is in.
		const deadline = Date.now() + 15_000;
		let lines: string[] = [];
		for (;;) {
			const screen = await screenOf(run.output().slice(0, before));
			screen.resize(80, 24);
			await screen.write(run.output().slice(before));
			lines = screen.lines();
			screen.dispose();
			if (/q quit/.test(lines[22]!) || Date.now() > deadline) break;
			await new Promise(resolve => setTimeout(resolve, 200));
		}

		assert.match(lines[0]!, /^bpftop-ts │ emulator/);
		assert.match(lines[1]!, /^ +ID TYPE/);
		assert.ok(lines[1]!.length <= 80);
		assert.match(lines[22]!, /q quit/, 'the footer moved up to the new last line but one');
		assert.equal(lines[23], '');
		run.write('q');
		await run.exited;
	});
});

test('the ? help lists every key of the keymap, at 80×24', {timeout}, async () => {
	await withPty(backend, {columns: 80, rows: 24}, async run => {
		await run.waitFor(ready, 30_000);
		run.write('?');
		const text = await screenShows(run, /^Keys \(press/m, 80, 24);
		for (const binding of keymap) assert.ok(text.includes(`${binding.label} `), `${binding.label} is in the help:\n${text}`);
		run.write('?');
		await screenShows(run, /^ +ID TYPE/m, 80, 24);
		run.write('q');
		await run.exited;
	});
});

test('below 40×10 it says the terminal is too small, and recovers', {timeout}, async () => {
	await withPty(backend, {columns: 30, rows: 8}, async run => {
		await run.waitFor('terminal too small', 30_000);
		const before = run.output().length;
		const screen = await screenOf(run.output(), 30, 8);
		assert.match(screen.lines().join(' '), /terminal too small \(30×8, need\s+40×10\)/);
		run.resize(100, 30);
		screen.resize(100, 30);
		await run.waitFor(ready, 30_000);
		await new Promise(resolve => setTimeout(resolve, 300));
		await screen.write(run.output().slice(before));
		assert.match(screen.lines()[0]!, /^bpftop-ts/);
		assert.doesNotMatch(screen.lines().join('\n'), /too small/);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	});
});

test('off a terminal it prints plain snapshots: no escape codes', {timeout}, () => {
	for (const args of [['--once'], ['-n', '2', '--interval', '0.2'], ['--csv', '--once'], ['--json', '--once']]) {
		const result = runCli([...backend, ...args]);
		assert.equal(result.status, 0, result.stderr);
		assert.doesNotMatch(result.stdout, /\u001B/, args.join(' '));
		assert.ok(result.stdout.length > 50);
	}

	const twice = runCli([...backend, '-n', '2', '--interval', '0.2']).stdout;
	assert.equal(twice.match(/^bpftop-ts - /gm)?.length, 2);
	assert.match(twice, /\n\nbpftop-ts - /, 'a blank line between snapshots');
	const json = runCli([...backend, '--json', '-n', '2', '--interval', '0.2']).stdout.trim().split('\n');
	assert.equal(json.length, 2);
	for (const line of json) assert.ok(Array.isArray((JSON.parse(line) as {programs: unknown}).programs));
	const csv = runCli([...backend, '--csv', '-n', '2', '--interval', '0.2']).stdout.trim().split('\n');
	assert.equal(csv[0], 'time,id,type,name,tag,run_cnt,run_time_ns,events_per_sec,avg_runtime_ns,cpu_percent,process');
	assert.equal(csv.filter(line => line.startsWith('time,')).length, 1, 'one header row');
});

test('-b in a terminal prints plain snapshots too', {timeout}, async () => {
	await withPty([...backend, '-b', '-n', '1', '--interval', '0.2'], {}, async run => {
		const {exitCode} = await run.exited;
		assert.equal(exitCode, 0);
		assert.doesNotMatch(run.output(), /\u001B/);
		assert.match(run.output(), /^bpftop-ts - /);
	});
});
