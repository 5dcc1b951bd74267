import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {fit} from '../../source/present/column.js';

test('fit pads and cuts ASCII to exact widths', () => {
	assert.equal(fit('abc', 5), 'abc  ');
	assert.equal(fit('abc', 5, 'right'), '  abc');
	assert.equal(fit('abcdef', 4), 'abc…');
	assert.equal(fit('abc', 1), '…');
	assert.equal(fit('abc', 0), '');
});

test('wide and combining characters are measured in cells, so a row never wraps', () => {
	for (const text of ['漢字😀'.repeat(20), 'e\u0301'.repeat(30), 'ab漢', '😀x', 'é😀漢字abc']) {
		for (const width of [1, 2, 3, 4, 5, 10, 41]) {
			const out = fit(text, width);
			assert.equal(stringWidth(out), width, `${JSON.stringify(text)} at ${width}: ${JSON.stringify(out)}`);
		}
	}

	assert.equal(fit('漢字', 4), '漢字');
	assert.equal(fit('漢字漢', 4), '漢… ');
	assert.equal(fit('e\u0301', 3), 'e\u0301  ');
});
