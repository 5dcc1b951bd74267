import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseBenchArgs} from '../../bench/args.js';

test('defaults: a 10 s window after a 2 s warm-up, htop on, no soak', () => {
	assert.deepEqual(parseBenchArgs([]), {ok: true, args: {quick: false, htop: true, windowS: 10, warmupS: 2, soakMinutes: undefined}});
});

test('--quick shortens the window; --window and --soak take numbers', () => {
	const quick = parseBenchArgs(['--quick']);
	assert.ok(quick.ok && quick.args.windowS === 5 && quick.args.warmupS === 1);
	const soak = parseBenchArgs(['--soak', '2.5', '--window', '20']);
	assert.ok(soak.ok && soak.args.soakMinutes === 2.5 && soak.args.windowS === 20);
});

test('bad flags and values are refused with a reason', () => {
	for (const argv of [['--soak'], ['--soak', '0'], ['--soak', 'x'], ['--window', '-1'], ['--fast']]) {
		const result = parseBenchArgs(argv);
		assert.equal(result.ok, false, argv.join(' '));
	}
});
