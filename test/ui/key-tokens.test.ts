import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createKeyDecoder, tokenizeKeys, type KeyPress} from '../../source/ui/key-tokens.js';

const names = (data: string, flush = false) => tokenizeKeys(data, flush).keys.map(key => key.name);

test('several keys in one read are each a key, in order', () => {
	assert.deepEqual(names('jjjj'), ['j', 'j', 'j', 'j']);
	assert.deepEqual(names('Gkkk\r'), ['G', 'k', 'k', 'k', 'return']);
	assert.deepEqual(names('\t\t'), ['tab', 'tab']);
	assert.deepEqual(names('q'), ['q']);
	assert.deepEqual(names(' '), [' ']);
});

test('control characters: Enter (CR or LF), Tab, Backspace (DEL or BS), Ctrl-letters', () => {
	assert.deepEqual(names('\r\n\t\u007f\b\u0003\u000c'), ['return', 'return', 'tab', 'backspace', 'backspace', 'ctrl+c', 'ctrl+l']);
});

test('escape sequences packed among keys: arrows, PgUp/PgDn, Home/End, Shift-Tab, F1', () => {
	assert.deepEqual(names('j\u001b[Ak'), ['j', 'up', 'k']);
	assert.deepEqual(names('\u001b[B\u001b[C\u001b[D'), ['down', 'right', 'left']);
	assert.deepEqual(names('\u001b[5~\u001b[6~'), ['pageup', 'pagedown']);
	assert.deepEqual(names('\u001b[H\u001b[F\u001b[1~\u001b[4~\u001b[7~\u001b[8~'), ['home', 'end', 'home', 'end', 'home', 'end']);
	assert.deepEqual(names('\u001bOA\u001bOH\u001bOP'), ['up', 'home', 'f1']);
	assert.deepEqual(names('\u001b[Z\t\u001b[Z'), ['shift+tab', 'tab', 'shift+tab']);
	assert.deepEqual(names('\u001b[[A\u001b[11~'), ['f1', 'f1']);
});

test('modifiers are named; unknown and private sequences are swallowed whole, never typed', () => {
	assert.deepEqual(names('\u001b[1;5A\u001b[1;2B\u001b[5;3~'), ['ctrl+up', 'shift+down', 'alt+pageup']);
	// An SGR mouse report, a paste marker, a cursor-position reply: no key, and none of their letters.
	const tokens = tokenizeKeys('\u001b[<0;10;5Mj\u001b[200~x\u001b[201~\u001b[12;40R');
	assert.deepEqual(
		tokens.keys.filter(each => each.name !== '').map(each => each.name),
		['j', 'x'],
	);
	assert.equal(tokens.pending, '');
});

test('a sequence cut at the end of a read is pending, not keys', () => {
	for (const cut of ['\u001b', '\u001b[', '\u001b[5', '\u001b[1;5', '\u001bO', '\u001b[[']) {
		const tokens = tokenizeKeys(`jj${cut}`);
		assert.deepEqual(tokens.keys.map(each => each.name), ['j', 'j'], JSON.stringify(cut));
		assert.equal(tokens.pending, cut);
	}
});

test('flushed: a lone Esc is Esc; an unfinished sequence is Esc and what was typed', () => {
	assert.deepEqual(names('\u001b', true), ['escape']);
	assert.deepEqual(names('\u001b[', true), ['escape', '[']);
	assert.deepEqual(names('\u001bO', true), ['escape', 'O']);
});

test('Esc followed by a key that starts no sequence is Esc, then that key', () => {
	assert.deepEqual(names('\u001bj'), ['escape', 'j']);
	assert.deepEqual(names('\u001b\u001b'), ['escape'], 'the second may start a sequence');
	assert.deepEqual(names('\u001b\u001b', true), ['escape', 'escape']);
	assert.deepEqual(names('\u001b\u001b[A'), ['escape', 'up']);
	assert.deepEqual(names('\u001b\r'), ['escape', 'return']);
});

test('text: printable keys type themselves, wide and astral characters whole; controls type nothing', () => {
	const keys = tokenizeKeys('a 日😀\u0085\r').keys;
	assert.deepEqual(
		keys.map(each => [each.name, each.text]),
		[['a', 'a'], [' ', ' '], ['日', '日'], ['😀', '😀'], ['', ''], ['return', '']],
	);
});

test('the decoder joins a sequence split across reads', () => {
	const got: string[] = [];
	const decoder = createKeyDecoder(keys => got.push(...keys.map(each => each.name)), 1000);
	decoder.push('j\u001b');
	decoder.push('[');
	decoder.push('5~k');
	decoder.push('\u001bO');
	decoder.push('B');
	decoder.close();
	assert.deepEqual(got, ['j', 'pageup', 'k', 'down']);
});

test('the decoder delivers a lone Esc after its short wait, and each read as one batch', async () => {
	const batches: KeyPress[][] = [];
	const decoder = createKeyDecoder(keys => batches.push([...keys]), 20);
	decoder.push('jk\u001b');
	assert.deepEqual(batches.map(batch => batch.map(each => each.name)), [['j', 'k']]);
	await new Promise(resolve => setTimeout(resolve, 60));
	assert.deepEqual(batches.map(batch => batch.map(each => each.name)), [['j', 'k'], ['escape']]);
	decoder.push('\u001b');
	decoder.close();
	await new Promise(resolve => setTimeout(resolve, 60));
	assert.equal(batches.length, 2, 'a closed decoder delivers nothing more');
});
