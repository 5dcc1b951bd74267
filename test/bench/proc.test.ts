import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseRssKb, parseSchedstat, parseStat, sampleProcess} from '../../bench/proc.js';

const stat = (name: string) =>
	`4242 (${name}) S 1 4242 4242 34816 4242 4194560 1204 0 0 0 731 95 12 3 20 0 11 0 1234567 1171177472 31024 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0`;

test('parseStat reads utime, stime, cutime and cstime', () => {
	assert.deepEqual(parseStat(stat('node')), {utime: 731, stime: 95, cutime: 12, cstime: 3});
});

test('parseStat counts fields from the last parenthesis: names may hold spaces and parentheses', () => {
	assert.deepEqual(parseStat(stat('a) b (c')), {utime: 731, stime: 95, cutime: 12, cstime: 3});
	assert.deepEqual(parseStat(stat('')), {utime: 731, stime: 95, cutime: 12, cstime: 3});
});

test('parseStat refuses text that is not a stat line', () => {
	assert.equal(parseStat(''), undefined);
	assert.equal(parseStat('4242 (node) S 1 2'), undefined);
	assert.equal(parseStat(stat('node').replace(' 731 ', ' x ')), undefined);
});

test('parseSchedstat takes the first field, nanoseconds on a CPU', () => {
	assert.equal(parseSchedstat('81593123 2000 15\n'), 81_593_123);
	assert.equal(parseSchedstat(''), undefined);
	assert.equal(parseSchedstat('abc 1 2'), undefined);
});

test('parseRssKb reads VmRSS in kB', () => {
	assert.equal(parseRssKb('Name:\tnode\nVmPeak:\t  200000 kB\nVmRSS:\t   51234 kB\nRssAnon:\t 1 kB\n'), 51_234);
	assert.equal(parseRssKb('Name:\tkthreadd\nState:\tS\n'), undefined);
});

test('sampleProcess samples this process, and nothing once a pid is gone', () => {
	const sample = sampleProcess(process.pid);
	assert.ok(sample);
	assert.ok(sample.cpuNs > 0);
	assert.ok(sample.rssKb > 1000);
	assert.ok(sample.fds >= 3);
	assert.equal(sampleProcess(2 ** 22 + 7), undefined);
});
