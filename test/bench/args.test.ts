import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseBenchArgs} from '../../bench/args.js';

test('defaults: a 30 s window after a 60 s warm-up, every subject, htop on, no soak', () => {
	assert.deepEqual(parseBenchArgs([]), {ok: true, args: {quick: false, htop: true, windowS: 30, warmupS: 60, soakMinutes: undefined, only: ['htop', 'emulator', 'bpftool', 'bigmaps', 'install']}});
});

test('--quick shortens warm-up and window; --window, --warmup and --soak take numbers', () => {
	const quick = parseBenchArgs(['--quick']);
	assert.ok(quick.ok && quick.args.windowS === 10 && quick.args.warmupS === 5);
	const soak = parseBenchArgs(['--soak', '2.5', '--window', '20', '--warmup', '3']);
	assert.ok(soak.ok && soak.args.soakMinutes === 2.5 && soak.args.windowS === 20 && soak.args.warmupS === 3);
});

test('--only limits the subjects; without htop there is no htop to compare with', () => {
	const only = parseBenchArgs(['--only', 'bpftool,emulator']);
	assert.ok(only.ok);
	assert.deepEqual(only.args.only, ['bpftool', 'emulator']);
	assert.equal(only.args.htop, false);
	const withHtop = parseBenchArgs(['--only', 'htop,bpftool']);
	assert.ok(withHtop.ok && withHtop.args.htop);
});

test('bad flags and values are refused with a reason', () => {
	for (const argv of [['--soak'], ['--soak', '0'], ['--soak', 'x'], ['--window', '-1'], ['--warmup', '0'], ['--only', 'top'], ['--only'], ['--fast']]) {
		const result = parseBenchArgs(argv);
		assert.equal(result.ok, false, argv.join(' '));
	}
});

test('the big-map section of results.md is replaced in place, or added once', async () => {
	const {bigMapsSection} = await import('../../bench/big-maps-run.js');
	const section = '<!-- big-maps -->\n## Big maps\nnew\n<!-- /big-maps -->';
	const added = bigMapsSection('# Benchmarks\n\nfigures\n', section);
	assert.equal(added, `# Benchmarks\n\nfigures\n\n${section}\n`);
	assert.equal(bigMapsSection(added.replace('new', 'old'), section), added);
});
