// The TUI under real hands, on the emulator (no root needed): keys typed together in one write, the
// layout at 40 to 200 columns, the detail's Maps section, the footer per view, batch pacing and
// TERM=dumb, all through the real CLI in a pseudo-terminal.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {cliPath, runCli, runInPty, withPty, type PtyRun} from '../helpers/cli.js';

const emulator = ['--backend', 'emulator'];
const ready = /│ \d+ programs, \d+ maps │/;

/** Waits until the screen (not the byte stream: an old frame's text must not count) matches. */
async function screenMatching(run: PtyRun, pattern: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = await run.screen();
		if (typeof pattern === 'function' ? pattern(screen) : pattern.test(screen)) return screen.split('\n');
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${screen}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

/** The CPU% figures of the Programs table: each ends where the right-aligned header does. */
function cpuFigures(lines: readonly string[]): string[] {
	const end = lines[1]!.indexOf('CPU%▼') + 'CPU%▼'.length;
	const rows = lines.slice(2);
	return rows.slice(0, Math.min(9, rows.findIndex(line => line.trim() === ''))).map(line => /(\S+)$/.exec(line.slice(0, end))?.[1] ?? '');
}

const footerOf = (lines: readonly string[]) => lines.at(-2) ?? '';

test('type-ahead: keys written together each count, in order; escape sequences packed among them parse', async () => {
	await withPty(emulator, {columns: 120, rows: 30}, async run => {
		await screenMatching(run, /xdp +hello +d35b94b4c0c10efb/);
		// CPU% → RUNS → ID (ascending), in one write.
		run.write('ss');
		await screenMatching(run, /ID▲/);
		// Ids 8 … 16: G is 16, four up is 12 (trace_openat); Enter opens it. One write.
		run.write('Gkkkk\r');
		await screenMatching(run, /Program 12 trace_openat \(tracepoint\)/);
		run.write('\t\t');
		let lines = await screenMatching(run, /\[Machine code \(JIT\)\]/);
		assert.match(footerOf(lines), /Tab section {2}Esc back/);
		// Tab, Shift-Tab (CSI Z), Tab: the Maps section.
		run.write('\t\u001b[Z\t');
		await screenMatching(run, /\[Maps\]/);
		// Arrows and PgDn packed with letters: down, up, page down, home.
		run.write('\u001b[B\u001b[A\u001b[6~g');
		await screenMatching(run, /\[Maps\]/);
		// A lone Esc still goes back, promptly.
		const started = Date.now();
		run.write('\u001b');
		lines = await screenMatching(run, /ID▲ TYPE/);
		assert.ok(Date.now() - started < 5000);
		// A filter typed in one write with its Enter, then a key after it: the header counts what is left.
		run.write('/hello\rj');
		lines = await screenMatching(run, /\[filter: hello\]/);
		assert.match(lines[0]!, /│ 2 of 9 programs, \d+ maps │/);
		assert.equal(lines.filter(line => /^ +\d+ \S+ +hello /.test(line)).length, 2);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	});
});

for (const [columns, rows] of [[40, 10], [60, 15], [80, 24], [120, 40], [200, 60]] as const) {
	test(`${columns}×${rows}: names and the main figures stay, numbers are never cut, columns as wide as they need`, async () => {
		await withPty(emulator, {columns, rows}, async run => {
			// From the second sample on, every program has a rate.
			let lines = await screenMatching(run, screen => screen.includes('CPU%▼') && cpuFigures(screen.split('\n')).every(value => /^0\.0*[1-9]/.test(value)));
			assert.ok(lines.every(line => [...line].length <= columns), 'nothing wraps');
			const header = lines[1]!;
			assert.match(header, /NAME/);
			assert.match(header, /CPU%▼/);
			if (columns >= 60) assert.match(header, /ID .*EVENTS\/S +AVG RUN +CPU%▼/);
			if (columns >= 120) assert.match(header, /TAG .*RUNS/);
			// Numbers are never cut. The emulator's names are short: from 80 columns none is cut (at 60 a
			// type may be, to keep bpftrace's 15-character program name whole). A process name may be, to keep its pid whole.
			const table = lines.slice(2, 2 + cpuFigures(lines).length);
			assert.ok(table.every(line => !/\d…|…\d/.test(line) && (columns < 80 || !/…(?!\[\d+\])/.test(line))), table.join('\n'));
			// CPU% ranks the programs: every row has a figure of its own (no "<0.01" for all).
			const cpu = cpuFigures(lines);
			assert.equal(cpu.length, Math.min(9, rows - 5));
			assert.ok(cpu.every(value => /^\d+\.\d+$/.test(value)), cpu.join(' '));
			// A 15-character name does not get 130 columns: the header's gap after NAME is the name's need.
			assert.match(header, /NAME {1,12}\S/);
			assert.match(footerOf(lines), /^q quit {2}\? help {2}Enter detail/);

			run.write('2');
			lines = await screenMatching(run, /Enter values/);
			assert.match(lines[1]!, /ID.* TYPE +NAME/);
			assert.ok(lines.slice(2, 11).every(line => !/\d…|…\d/.test(line)), lines.join('\n'));
			if (columns >= 80) assert.match(lines[1]!, /MEMORY/);
			assert.match(footerOf(lines), /Enter values/);

			run.write('3');
			lines = await screenMatching(run, /enp5s0 \(2\)/);
			assert.match(lines[2]!, /KIND▲ +TARGET/);
			if (columns >= 60) assert.match(lines[2]!, /PROG NAME/);
			assert.doesNotMatch(lines.join('\n'), /not emulated/, 'the default scenario raises no problem of its own');

			// The value table: the key as wide as it needs, the history bounded.
			run.write('2');
			await screenMatching(run, /Enter values/);
			run.write('/hello.bss\r\r');
			lines = await screenMatching(run, /Map \d+ hello\.bss \(array\)/);
			const valueHeader = lines.find(line => /VARIABLE/.test(line))!;
			// Highest rate first, as in top.
			assert.match(valueHeader, /VARIABLE +VALUE/);
			if (columns >= 60) assert.match(valueHeader, /VALUE +Δ +\S*\/s▼ +HISTORY/);
			// The sparkline is right-aligned in its column: the row ends where the column does, at most 60 cells on.
			const start = valueHeader.indexOf('HISTORY');
			const counter = lines.find(line => /^ +counter /.test(line));
			if (columns >= 120) assert.ok(start > 0 && counter && counter.trimEnd().length - start <= 60, `${valueHeader}\n${counter}`);
			assert.ok(lines.every(line => !/\d…/.test(line)), lines.join('\n'));
			run.write('q');
			assert.equal((await run.exited).exitCode, 0);
		});
	});
}

test('the detail\'s Maps section: the selection starts on the first map, Enter opens it, Esc returns to the Maps section', async () => {
	await withPty(emulator, {columns: 100, rows: 24}, async run => {
		await screenMatching(run, /xdp +hello/);
		// Sort by ID and open hello (XDP, id 15): End, one up.
		run.write('ssGk\r');
		await screenMatching(run, /Program 15 hello \(xdp\)/);
		run.write('\t\t\t');
		let lines = await screenMatching(run, /\[Maps\][\s\S]*hello\.bss/);
		assert.match(footerOf(lines), /Tab section {2}Esc back {2}Enter open map/);
		run.write('\r');
		lines = await screenMatching(run, /Map \d+ hello\.bss \(array\)/);
		assert.match(footerOf(lines), /Esc back/);
		run.write('\u001b');
		lines = await screenMatching(run, /\[Maps\]/);
		assert.match(lines.join('\n'), /hello\.bss/);
		// Esc again: back to the Programs list.
		run.write('\u001b');
		await screenMatching(run, /ID▲ TYPE/);
		// Paused, the footer offers to resume.
		run.write('p');
		lines = await screenMatching(run, /PAUSED/);
		assert.match(footerOf(lines), /p resume/);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	});
});

test('entering the Trace view again does not report the backlog as a rate', async () => {
	await withPty(emulator, {columns: 120, rows: 30}, async run => {
		await screenMatching(run, ready);
		run.write('4');
		await screenMatching(run, /following │ \d+(\.\d)? lines\/s/);
		run.write('1');
		await screenMatching(run, /EVENTS\/S/);
		// Lines pile up in the trace buffer while another view is shown.
		await new Promise(resolve => setTimeout(resolve, 3000));
		run.write('4');
		const rates: number[] = [];
		const until = Date.now() + 2000;
		while (Date.now() < until) {
			const match = /(\d+(?:\.\d)?)(k?) lines\/s/.exec(await run.screen());
			if (match) rates.push(Number(match[1]) * (match[2] ? 1000 : 1));
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.ok(rates.length > 0);
		// The scenario prints ~23 lines a second; 3 s of backlog drained at once would read as hundreds.
		assert.ok(Math.max(...rates) < 80, rates.join(' '));
	});
});

test('batch output on the emulator runs in real time: one snapshot per interval, timestamps now', async () => {
	const child = spawn(process.execPath, [cliPath, '--backend', 'emulator', '-b', '--interval', '0.5'], {env: {...process.env, CI: 'false'}});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const started = Date.now();
	await new Promise(resolve => setTimeout(resolve, 2600));
	child.kill('SIGTERM');
	await new Promise(resolve => child.once('exit', resolve));
	const times = [...output.matchAll(/^bpftop-ts - (\S+) - emulator/gm)].map(match => Date.parse(match[1]!));
	// The first sample is the baseline: 2.6 s at 0.5 s gives about 4 snapshots (a loaded machine starts slower).
	assert.ok(times.length >= 2 && times.length <= 6, `${times.length} snapshots:\n${output.slice(0, 2000)}`);
	for (const time of times) assert.ok(time >= started - 1000 && time <= Date.now() + 1000, new Date(time).toISOString());
	for (const [index, time] of times.entries()) if (index > 0) assert.ok(time - times[index - 1]! >= 400, 'an interval apart');
});

test('--once and -n on the emulator run on simulated time, and the JSON says so', () => {
	for (const args of [['--once'], ['-n', '2']]) {
		const result = runCli([...emulator, '--json', ...args]);
		assert.equal(result.status, 0, result.stderr);
		const documents = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {simulated_time: boolean; interval_s: number});
		assert.ok(documents.length >= 1);
		for (const document of documents) assert.equal(document.simulated_time, true);
	}
});

test('TERM=dumb: plain snapshots like batch mode, no escape sequences, no frames', async () => {
	const run = runInPty([...emulator, '--interval', '0.5'], {columns: 100, rows: 20, env: {TERM: 'dumb'}});
	try {
		await run.waitFor(/bpftop-ts - \S+ - emulator[\s\S]*bpftop-ts - \S+ - emulator/, 15_000);
		run.kill('SIGTERM');
		await run.exited;
		const output = run.output();
		assert.doesNotMatch(output, /\u001B/);
		assert.match(output, /^ +ID TYPE +NAME/m);
		assert.doesNotMatch(output, /│/, 'no screen header: the batch one');
	} finally {
		run.kill('SIGKILL');
	}
});
