import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bpftraceName, bpftraceScript, bucketLabel, bucketOf, scriptHistograms} from '../../source/model/histogram.js';

test('bpftrace hist(): log2 buckets with bpftrace 0.17 labels', () => {
	const log2 = {kind: 'log2'} as const;
	// As bpftrace prints them: @h = hist(...) over 0, 1, 600, 3000 and 600000.
	assert.deepEqual([-5, 0, 1, 2, 3, 600, 3000, 600_000].map(value => bucketOf(log2, value)), [0, 1, 2, 3, 3, 11, 13, 21]);
	assert.deepEqual([0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 32, 42].map(index => bucketLabel(log2, index)), [
		'(..., 0)',
		'[0]',
		'[1]',
		'[2, 4)',
		'[4, 8)',
		'[512, 1K)',
		'[1K, 2K)',
		'[2K, 4K)',
		'[512K, 1M)',
		'[1M, 2M)',
		'[1G, 2G)',
		'[1T, 2T)',
	]);
});

test('bpftrace lhist(): linear buckets, below min and from max on', () => {
	const linear = {kind: 'linear', min: 0, max: 100_000, step: 10_000} as const;
	assert.deepEqual([-1, 0, 9_999, 10_000, 99_999, 100_000, 5_000_000].map(value => bucketOf(linear, value)), [0, 1, 1, 2, 10, 11, 11]);
	assert.deepEqual([0, 1, 2, 10, 11].map(index => bucketLabel(linear, index)), ['(..., 0)', '[0, 10000)', '[10000, 20000)', '[90000, 100000)', '[100000, ...)']);
	const kib = {kind: 'linear', min: 0, max: 4096, step: 1024} as const;
	assert.deepEqual([1, 2, 4, 5].map(index => bucketLabel(kib, index)), ['[0, 1K)', '[1K, 2K)', '[3K, 4K)', '[4K, ...)']);
});

test("libbpf-tools' slots: 0 -> 1, 2 -> 3, 4 -> 7 …", () => {
	const slots = {kind: 'slots', offset: 0, size: 4, count: 27} as const;
	assert.deepEqual([0, 1, 2, 3, 10].map(index => bucketLabel(slots, index)), ['0 -> 1', '2 -> 3', '4 -> 7', '8 -> 15', '1024 -> 2047']);
});

test('the script names the histograms; the kernel name is AT_ and the map name', () => {
	const script = 'kprobe:vfs_read { @us[comm] = hist(arg2); @lat = lhist((nsecs - @start[tid]) / 1000, 0, 1000, 100); @n = count(); @ = hist(retval) } i:s:1 { @k = hist(arg0, 2) }';
	const found = scriptHistograms(script);
	assert.deepEqual(found.get('AT_us'), {kind: 'log2'});
	assert.deepEqual(found.get('AT_lat'), {kind: 'linear', min: 0, max: 1000, step: 100});
	assert.deepEqual(found.get('AT_'), {kind: 'log2'});
	assert.equal(found.get('AT_n'), undefined);
	// hist(x, k) with k > 0 splits each power of two: not drawn as the plain layout.
	assert.equal(found.get('AT_k'), undefined);
	assert.equal(bpftraceScript(['bpftrace', '-q', '-e', script]), script);
	assert.equal(bpftraceScript(['bpftrace', 'file.bt']), undefined);
	assert.equal(bpftraceName('AT_opens'), '@opens');
	assert.equal(bpftraceName('counts'), undefined);
});
