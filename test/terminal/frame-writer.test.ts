import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createFrameWriter, type FrameWriterOptions} from '../../source/terminal/frame-writer.js';
import {VirtualScreen} from '../helpers/screen.js';

const bold = (text: string) => `\u001B[1m${text}\u001B[22m`;
const red = (text: string) => `\u001B[31m${text}\u001B[39m`;
const inverse = (text: string) => `\u001B[7m${text}\u001B[27m`;

function setup(columns: number, rows: number, options: Partial<FrameWriterOptions> = {}) {
	const screen = new VirtualScreen(columns, rows);
	const writes: string[] = [];
	const writer = createFrameWriter({write: data => writes.push(data), columns, rows, depth: 'full', ascii: false, mode: 'diff', ...options});
	return {
		screen,
		writes,
		writer,
		/** Draws a frame and replays what was written; returns the bytes this frame cost. */
		async draw(frame: string) {
			const from = writes.length;
			writer.draw(frame);
			const data = writes.slice(from).join('');
			await screen.write(data);
			return Buffer.byteLength(data);
		},
	};
}

const table = (rows: number, tick: number) =>
	[bold('bpftop-ts │ header'), inverse('ID  NAME        EVENTS/S'), ...Array.from({length: rows}, (_, index) => `${String(index).padStart(2)}  prog_${index}      ${String((index + 1) * tick).padStart(8)}`)].join('\n');

test('the replayed screen equals the frame, over several frames', async () => {
	const {screen, draw} = setup(40, 10);
	for (const tick of [1, 2, 3, 50, 7]) {
		await draw(table(5, tick));
		const expected = table(5, tick)
			.replaceAll(/\u001B\[\d+m/g, '')
			.split('\n');
		assert.deepEqual(screen.lines().slice(0, 7), expected);
		assert.deepEqual(screen.lines().slice(7), ['', '', '']);
	}
});

test('an unchanged frame writes nothing; a one-cell change writes a few bytes', async () => {
	const {draw} = setup(120, 40);
	const first = await draw(table(30, 1));
	assert.ok(first > 500);
	assert.equal(await draw(table(30, 1)), 0);
	const frame = table(30, 1).replace('prog_3 ', 'prog_X ');
	const bytes = await draw(frame);
	assert.ok(bytes > 0 && bytes < 20, `one changed cell cost ${bytes} bytes`);
});

test('lines that shrink, grow or vanish leave no leftovers', async () => {
	const {screen, draw} = setup(30, 6);
	await draw('a long first line here\nsecond\nthird\nfourth');
	await draw('short\nsecond line is longer\n\nfourth');
	assert.deepEqual(screen.lines(), ['short', 'second line is longer', '', 'fourth', '', '']);
	await draw('x');
	assert.deepEqual(screen.lines(), ['x', '', '', '', '', '']);
});

test('styles are kept cell by cell and change without redrawing the text', async () => {
	const {screen, draw} = setup(20, 3);
	await draw(`${inverse('abc')}def\n${red('red')}`);
	assert.equal(screen.cell(1, 0).inverse, true);
	assert.equal(screen.cell(4, 0).inverse, false);
	assert.equal(screen.cell(0, 1).colored, true);
	await draw(`abc${inverse('def')}\n${red('red')}`);
	assert.equal(screen.cell(1, 0).inverse, false);
	assert.equal(screen.cell(4, 0).inverse, true);
	assert.deepEqual(screen.lines(), ['abcdef', 'red', '']);
});

test('no-color keeps bold and inverse and drops colours; none drops every style', async () => {
	const noColor = setup(20, 2, {depth: 'no-color'});
	await noColor.draw(`${red('red')} ${inverse('inv')} ${bold('b')}`);
	const written = noColor.writes.join('');
	assert.doesNotMatch(written, /\u001B\[[\d;]*(3\d|4\d|9\d|10\d)[;m]/);
	assert.equal(noColor.screen.cell(4, 0).inverse, true);
	assert.equal(noColor.screen.cell(8, 0).bold, true);
	assert.equal(noColor.screen.cell(0, 0).colored, false);

	const none = setup(20, 2, {depth: 'none'});
	await none.draw(`${red('red')} ${inverse('inv')}`);
	// Nothing but the reset that starts a full repaint.
	assert.doesNotMatch(none.writes.join(''), /\u001B\[[\d;]+m/);
	assert.deepEqual(none.screen.lines(), ['red inv', '']);
});

test('ascii mode writes only ASCII bytes', async () => {
	const {writes, screen, draw} = setup(30, 2, {ascii: true});
	await draw('bpftop-ts │ 2.1µs ▼ name…\n▁▂▃▄▅▆▇█ 漢字');
	assert.match(writes.join(''), /^[\u0000-\u007F]*$/);
	assert.deepEqual(screen.lines(), ['bpftop-ts | 2.1us v name~', '_.,:-=+# ??']);
});

test('a resize repaints the whole screen at the new size', async () => {
	const {screen, writer, draw} = setup(40, 8);
	await draw(table(4, 1));
	screen.resize(25, 6);
	writer.resize(25, 6);
	await draw(table(2, 3));
	assert.deepEqual(screen.lines(), ['bpftop-ts │ header', 'ID  NAME        EVENTS/S', ' 0  prog_0             3', ' 1  prog_1             6', '', '']);
	await draw(table(2, 4));
	assert.equal(screen.lines()[3], ' 1  prog_1             8');
});

test('wide characters: the row is redrawn whole and still right', async () => {
	const {screen, draw} = setup(20, 3);
	await draw('名前 abc\nplain');
	await draw('名前 abd\nplain');
	assert.deepEqual(screen.lines(), ['名前 abd', 'plain', '']);
	await draw('ascii again\nplain');
	assert.deepEqual(screen.lines(), ['ascii again', 'plain', '']);
});

test('append mode (TERM=dumb) prints each changed frame whole, without escapes', () => {
	const writes: string[] = [];
	const writer = createFrameWriter({write: data => writes.push(data), columns: 20, rows: 4, depth: 'none', ascii: true, mode: 'append'});
	writer.draw(`${bold('top')}\nrow`);
	writer.draw(`${bold('top')}\nrow`);
	writer.draw('top\nrow 2');
	assert.deepEqual(writes, ['top\nrow\n\n', 'top\nrow 2\n\n']);
});

test('frames taller or wider than the terminal are clipped, never scroll', async () => {
	const {screen, draw} = setup(10, 3);
	await draw('0123456789ABCDEF\n1\n2\n3\n4');
	assert.deepEqual(screen.lines(), ['0123456789', '1', '2']);
});

test('rows that only moved are moved by the terminal: the screen is right and costs a few bytes', async () => {
	const {screen, draw} = setup(60, 20);
	const ids = Array.from({length: 18}, (_, index) => 100 + index);
	const frame = (list: number[]) => [bold('header'), ...list.map(id => `${id}  prog_${id}  ${'x'.repeat(id % 30)}`)].join('\n');
	await draw(frame(ids));
	// Program 103 leaves: the 14 rows below it close up, one new at the bottom.
	const next = [...ids.filter(id => id !== 103), 200];
	const bytes = await draw(frame(next));
	assert.deepEqual(screen.lines().slice(0, 19), frame(next).replaceAll(/\u001B\[\d+m/g, '').split('\n').map(line => line.trimEnd()));
	assert.ok(bytes < 80, `a closed-up table cost ${bytes} bytes`);
	// And back down: one comes in at the top.
	const down = [300, ...next.slice(0, -1)];
	const downBytes = await draw(frame(down));
	assert.deepEqual(screen.lines().slice(0, 19), frame(down).replaceAll(/\u001B\[\d+m/g, '').split('\n').map(line => line.trimEnd()));
	assert.ok(downBytes < 80, `a pushed-down table cost ${downBytes} bytes`);
});

test('shuffled, shifted and styled tables: the replayed screen always equals the frame', async () => {
	const {screen, draw} = setup(50, 16);
	let seed = 7;
	const random = (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % n;
	};

	let ids = Array.from({length: 15}, (_, index) => index);
	const frame = (list: number[]) => list.map((id, index) => (index % 5 === 0 ? inverse(`row ${id} ${'#'.repeat(1 + (id % 20))}`) : `row ${id} ${red('*'.repeat(id % 9))}`)).join('\n');
	for (let step = 0; step < 120; step++) {
		const list = [...ids];
		const kind = random(5);
		if (kind === 0 && list.length > 6) list.splice(random(list.length), 1 + random(3));
		else if (kind === 1) list.splice(random(list.length), 0, 100 + step, 200 + step);
		else if (kind === 2) list.push(list.splice(random(list.length), 1)[0]!);
		else if (kind === 3) {
			// Rows out here and there, others in elsewhere (a table sorted by rate): runs that move up and down.
			for (let out = random(4); out > 0 && list.length > 4; out--) list.splice(random(list.length), 1);
			for (let into = random(4); into > 0; into--) list.splice(random(list.length + 1), 0, 300 + step * 4 + into);
		} else list.reverse();
		ids = list.slice(0, 15);
		await draw(frame(ids));
		const expected = frame(ids).replaceAll(/\u001B\[\d+m/g, '').split('\n').map(line => line.trimEnd());
		assert.deepEqual(screen.lines().slice(0, expected.length), expected, `step ${step}`);
		assert.ok(screen.lines().slice(expected.length).every(line => line === ''), `step ${step}: leftovers`);
		for (const row of ids.keys()) assert.equal(screen.cell(0, row).inverse, row % 5 === 0, `step ${step}: row ${row}'s style`);
	}
});
