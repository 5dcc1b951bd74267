import {test} from 'node:test';
import assert from 'node:assert/strict';
import {CurrentTask} from '../../../source/backends/emulator/kernel/current-task.js';
import {fromBig} from '../../../source/backends/emulator/vm/u64.js';

test('nowU64 is fromBig(nowNs) below and above 2^53', () => {
	const task = new CurrentTask();
	const bases = [0n, 1_000_000_000_000n, 2n ** 53n - 10n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 60n + 3n];
	for (const base of bases) {
		for (const offset of [0, 1, 9, 10, 11, 999_999_999]) {
			task.setTime(base, offset);
			assert.equal(task.nowU64(), fromBig(task.nowNs), `${base} + ${offset}`);
		}
	}
});
