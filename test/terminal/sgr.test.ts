import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseRow, parseUniformRow, rowChars} from '../../source/terminal/sgr.js';

const esc = '\u001B[';

test('a row of one style and printable ASCII is read as text, the same cells as a cell at a time', () => {
	for (const line of ['  42 xdp  hello', `${esc}2m  42 xdp  hello ${esc}22m`, `${esc}0;7m  42 xdp  hello   ${esc}0m`, '']) {
		const columns = 16;
		const uniform = parseUniformRow(line, 'full', columns);
		assert.ok(uniform, JSON.stringify(line));
		const cells = parseRow(line, 'full');
		while (cells.chars.length < columns) {
			cells.chars.push(' ');
			cells.styles.push('');
		}

		assert.equal(rowChars(uniform), cells.chars.slice(0, columns).join(''));
		assert.deepEqual([...uniform.styles], cells.styles.slice(0, columns));
	}
});

test('other rows are left to the cell-by-cell reader', () => {
	// Two styles, a styled row shorter than the width (its padding is unstyled), wide or control characters, a broken escape.
	for (const line of [`${esc}1mID${esc}22m name`, `${esc}7mshort${esc}0m`, 'naïve', '日本', 'a\u0007b', `${esc}`]) {
		assert.equal(parseUniformRow(line, 'full', 16), undefined, JSON.stringify(line));
	}

	// Without colours every ASCII row is one style.
	assert.ok(parseUniformRow(`${esc}1mID${esc}22m name`, 'none', 16));
});
