import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidthOf from 'string-width';
import stringWidth from '../../source/terminal/string-width.js';

test('gives string-width’s answer for every character of the ranges it answers by itself', () => {
	const ranges = [[0x20, 0x7e], [0xa0, 0x2ff], [0x2010, 0x2027], [0x2190, 0x21ff], [0x2500, 0x25fc]] as const;
	for (const [from, to] of ranges) {
		for (let code = from; code <= to; code++) {
			const char = String.fromCodePoint(code);
			assert.equal(stringWidth(char), stringWidthOf(char), `U+${code.toString(16)}`);
		}
	}
});

test('wide, zero-width and styled text are measured as string-width does, and remembered', () => {
	for (const text of ['日本', '😀x', 'a\u0301', '\u00ad', '\u200b', '\u001B[31mred\u001B[39m', 'tc_ingress │ 12.5% ▼', '']) {
		assert.equal(stringWidth(text), stringWidthOf(text), JSON.stringify(text));
		assert.equal(stringWidth(text), stringWidthOf(text), `${JSON.stringify(text)} again`);
	}
});
