import assert from 'node:assert/strict';
import {test} from 'node:test';
import {helpLines} from '../../source/components/HelpOverlay.js';
import {keymap} from '../../source/views/views.js';

for (const [width, height] of [
	[120, 36],
	[80, 20],
	// The smallest screen the monitor draws (below it: "terminal too small").
	[40, 10],
] as const) {
	test(`the help lists every key of the keymap at ${width}×${height}`, () => {
		const lines = helpLines(keymap, width, height);
		assert.ok(lines.length <= height - 1, `${lines.length} lines do not fit ${height - 1}`);
		for (const line of lines) assert.ok([...line].length <= width);
		const text = lines.join('\n');
		for (const binding of keymap) assert.match(text, new RegExp(`(^|\\s)${binding.label.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s`, 'm'), binding.label);
	});
}
