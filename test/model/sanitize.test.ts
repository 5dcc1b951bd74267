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
