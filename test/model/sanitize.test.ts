import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sanitize, sanitizeBytes} from '../../source/model/sanitize.js';

const hasControl = (text: string) => /[\u0000-\u001f\u007f-\u009f]/.test(text);

test('ESC[31m colour sequence is shown, not obeyed', () => {
	const out = sanitize('\u001b[31mred');
	assert.equal(out, '\\e[31mred');
	assert.ok(!hasControl(out));
});

test('OSC title change ending in BEL and in ESC \\', () => {
	assert.equal(sanitize('\u001b]0;pwned\u0007x'), '\\e]0;pwned\\ax');
	assert.equal(sanitize('\u001b]2;t\u001b\\y'), '\\e]2;t\\e\\y');
});

test('8-bit CSI (0x9b) and other C1 controls', () => {
	assert.equal(sanitize('a\u009b2Jb'), 'a\\x9b2Jb');
	assert.equal(sanitize('\u0085'), '\\x85');
});

test('backspace, carriage return, DEL and NUL are visible', () => {
	assert.equal(sanitize('ab\bc\rd\u007f\u0000'), 'ab\\bc\\rd\\x7f\\x00');
});

test('bidi overrides cannot reorder text', () => {
	assert.equal(sanitize('x\u202ey'), 'x\\u202ey');
});

test('invalid UTF-8 bytes become U+FFFD; a raw 0x9b byte cannot act as CSI', () => {
	const out = sanitizeBytes(new Uint8Array([0x68, 0x69, 0xff, 0x9b, 0x32, 0x4a, 0xc3]));
	assert.ok(out.startsWith('hi'));
	assert.ok(out.includes('\ufffd'));
	assert.ok(!hasControl(out));
});

test('UTF-8 encoded C1 controls (C2 9B, C2 9D) are escaped like raw ones', () => {
	assert.equal(sanitizeBytes(new Uint8Array([0xc2, 0x9b, 0x33, 0x31, 0x6d, 0xc2, 0x9d, 0x30, 0x3b, 0x74, 0x07])), '\\x9b31m\\x9d0;t\\a');
});

test('overlong encodings and encoded surrogates are not decoded into controls', () => {
	// C0 9B would be an overlong ESC; ED A0 80 a UTF-16 surrogate: both are invalid UTF-8.
	const out = sanitizeBytes(new Uint8Array([0xc0, 0x9b, 0x5b, 0x32, 0x4a, 0xed, 0xa0, 0x80]));
	assert.ok(!hasControl(out));
	assert.ok(out.includes('\ufffd'));
	assert.ok(out.endsWith('[2J\ufffd\ufffd\ufffd'));
});

test('Arabic letter mark and line/paragraph separators are visible', () => {
	assert.equal(sanitize('a\u061cb\u2028c\u2029d'), 'a\\u061cb\\u2028c\\u2029d');
});

test('a whole trace line with every kind of sequence comes out inert', () => {
	const line = '  node-1 [000] ..s21 1.0: bpf_trace_printk: \u001b[2J\u001b[H\u001b]0;title\u0007\u001bP+q\u001b\\\u009b6n\r\b\u0000';
	const out = sanitize(line);
	assert.ok(!hasControl(out));
	assert.ok(out.endsWith('\\e[2J\\e[H\\e]0;title\\a\\eP+q\\e\\\\x9b6n\\r\\b\\x00'), out);
});

test('plain text and Unicode pass unchanged', () => {
	assert.equal(sanitize('hello.bss — µs ✓'), 'hello.bss — µs ✓');
});

test('random strings never keep a control character (property)', () => {
	let seed = 42;
	const random = () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed;
	};

	for (let i = 0; i < 2000; i++) {
		const length = random() % 40;
		let text = '';
		for (let j = 0; j < length; j++) text += String.fromCharCode(random() % 0x200);
		assert.ok(!hasControl(sanitize(text)), JSON.stringify(text));
	}
});
