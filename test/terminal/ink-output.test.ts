// Our Output stands in for Ink's in the bundle, so it must draw the same screen: random writes,
// clips and transformers go to both, and every row must hold the same characters in the same styles.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import chalk, {Chalk} from 'chalk';
import stringWidth from 'string-width';
import Output, {fastOutputFor, rowText, styledCells, writtenForInk} from '../../source/terminal/ink-output.js';
import {parseRow} from '../../source/terminal/sgr.js';

type OutputLike = {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};

// Ink's own Output, by file: its package exports only the public API.
const inkOutputPath = createRequire(import.meta.url).resolve('ink').replace(/index\.js$/, 'output.js');
const {default: InkOutput} = (await import(pathToFileURL(inkOutputPath).href)) as {default: new (options: {width: number; height: number}) => OutputLike};

const colours = new Chalk({level: 3});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
	let state = seed;
	const next = () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};

	return {int: (below: number) => Math.floor(next() * below), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!};
}

const narrow = ['hello', 'xdp_prog', '   ', '│', '▁▂▃█', 'é', 'kprobe/sys_execve', '12.5%', '-'];
const wide = [...narrow, '日本', '😀'];
const styles: Array<(text: string) => string> = [
	text => text,
	text => colours.red(text),
	text => colours.bold.cyan(text),
	text => colours.inverse(text),
	text => colours.bgHex('#336699').hex('#ffcc00')(text),
	text => colours.dim.underline(text),
	text => colours.ansi256(208)(text),
];

function randomText(random: ReturnType<typeof generator>, words: readonly string[]): string {
	const lines: string[] = [];
	const count = 1 + random.int(3);
	for (let line = 0; line < count; line++) {
		let text = '';
		const parts = 1 + random.int(4);
		for (let part = 0; part < parts; part++) text += random.pick(styles)(random.pick(words));
		lines.push(text);
	}

	return lines.join('\n');
}

/**
 * The screen a frame's text shows: per row, the characters and their styles within the width, trailing
 * blanks dropped. (Past the width Ink shifts text left over cells nothing wrote; its layout never
 * writes there.)
 */
function screen(output: string, width: number) {
	return output.split('\n').map(line => {
		const {chars, styles} = parseRow(line, 'full');
		let end = 0;
		for (let column = 0; end < chars.length; end++) {
			column += stringWidth(chars[end]!);
			if (column > width) break;
		}

		while (end > 0 && chars[end - 1] === ' ' && styles[end - 1] === '') end--;
		return {chars: chars.slice(0, end).join(''), styles: styles.slice(0, end)};
	});
}

// Wide characters only where nothing overlaps and nothing is clipped: Ink shifts the rest of a row when
// a wide character is cut in half, ours blanks it as a terminal does (tested below).
test('draws the same screen as Ink’s Output for random writes, clips and transformers', () => {
	for (let seed = 1; seed <= 300; seed++) {
		const random = generator(seed);
		const width = 10 + random.int(40);
		const height = 3 + random.int(10);
		const ours = new Output({width, height}) as OutputLike;
		const inks = new InkOutput({width, height});
		let depth = 0;
		const operations = 1 + random.int(12);
		for (let step = 0; step < operations; step++) {
			const kind = random.int(10);
			if (kind < 2 && depth < 3) {
				const x1 = random.int(width);
				const y1 = random.int(height);
				const clip = {x1, x2: x1 + 1 + random.int(width - x1), y1, y2: y1 + 1 + random.int(height - y1)};
				ours.clip(clip);
				inks.clip(clip);
				depth++;
			} else if (kind < 3 && depth > 0) {
				ours.unclip();
				inks.unclip();
				depth--;
			} else {
				// Not left of the screen nor above it: there Ink draws wide characters shifted and loses lines
				// (it stops counting them at a missing row); its layout never writes there.
				const x = random.int(width + 4);
				const y = random.int(height + 2);
				const text = randomText(random, narrow);
				const transformers = random.int(3) === 0 ? [(line: string, index: number) => (index === 0 ? chalk.bold(line) : line)] : [];
				ours.write(x, y, text, {transformers});
				inks.write(x, y, text, {transformers});
			}
		}

		assert.deepEqual(screen(ours.get().output, width), screen(inks.get().output, width), `seed ${seed}`);
	}
});

test('draws wide characters as Ink’s Output does', () => {
	for (let seed = 1; seed <= 200; seed++) {
		const random = generator(seed);
		const width = 20 + random.int(40);
		const height = 3 + random.int(10);
		const ours = new Output({width, height}) as OutputLike;
		const inks = new InkOutput({width, height});
		for (let y = 0; y < height; y += 3) {
			const x = random.int(width);
			const text = randomText(random, wide);
			ours.write(x, y, text, {transformers: []});
			inks.write(x, y, text, {transformers: []});
		}

		assert.deepEqual(screen(ours.get().output, width), screen(inks.get().output, width), `seed ${seed}`);
	}
});

test('a wide character cut in half by a later write becomes blank; one cut by a clip is not drawn', () => {
	const output = new Output({width: 10, height: 3});
	output.write(0, 0, 'a日本b', {transformers: []});
	output.write(2, 0, 'x', {transformers: []});
	output.write(0, 1, '日本', {transformers: []});
	output.write(2, 1, 'yy', {transformers: []});
	output.write(0, 2, '....', {transformers: []});
	output.clip({x1: 2, x2: 10, y1: 0, y2: 3});
	output.write(1, 2, '日日', {transformers: []});
	output.unclip();
	assert.deepEqual(output.get().output.split('\n'), ['a x本b', '日yy', '...日']);
});

test('reads a styled line into cells; wide characters take two', () => {
	const cells = styledCells(`a${colours.red('日')}b`);
	assert.deepEqual(cells.chars, ['a', '日', 'b']);
	assert.deepEqual(cells.widths, [1, 2, 1]);
	assert.deepEqual(cells.styles, ['', '31', '']);
});

test('a row drops its trailing blanks and ends with a reset after a style', () => {
	assert.equal(rowText({chars: ['a', 'b', ' ', ' '], styles: ['', '1', '', '']}), 'a\u001B[0;1mb\u001B[0m');
	assert.equal(rowText({chars: [' ', ' '], styles: ['', '']}), '');
	assert.equal(rowText({chars: ['x', ' '], styles: ['', '7']}), 'x\u001B[0;7m \u001B[0m');
	// A cell nothing wrote (a write past the row's end) is a blank.
	const holey = ['a', 'b'];
	holey[3] = 'c';
	assert.equal(rowText({chars: holey, styles: ['', '', '', '']}), 'ab c');
});

test('this Output stands in only for the Ink it was written for, and BPFTOP_INK_OUTPUT=ink keeps Ink’s own', () => {
	const inks = class {};
	assert.equal(fastOutputFor('6.8.0', () => inks, {}), Output);
	assert.equal(fastOutputFor('6.9.0', () => inks, {}), inks);
	assert.equal(fastOutputFor('7.0.0', () => inks, {}), inks);
	assert.equal(fastOutputFor('6.8.0', () => inks, {BPFTOP_INK_OUTPUT: 'ink'}), inks);
});

test('the installed Ink is the one ink-output.ts was written for', () => {
	// After an Ink upgrade the bundle falls back to Ink's own Output (same screen, more CPU per
	// frame) until someone compares Ink's new output.js with ink-output.ts and widens writtenForInk.
	const {version} = JSON.parse(readFileSync(inkOutputPath.replace(/build[\\/]output\.js$/, 'package.json'), 'utf8')) as {version: string};
	assert.match(version, writtenForInk, `Ink ${version}: check source/terminal/ink-output.ts against Ink's build/output.js`);
});
