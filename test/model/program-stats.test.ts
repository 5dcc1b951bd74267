import assert from 'node:assert/strict';
import {test} from 'node:test';
import {programStats} from '../../source/model/program-stats.js';

test('rates from two samples: events/s, average run time, CPU %', () => {
	const stats = programStats({run_cnt: 100, run_time_ns: 50_000}, {run_cnt: 300, run_time_ns: 250_000}, 2e9);
	assert.equal(stats.eventsPerSec, 100);
	assert.equal(stats.avgRuntimeNs, 1000);
	assert.equal(stats.cpuPercent, (200_000 / 2e9) * 100);
});

test('no runs in the interval: zero rate and zero average, not NaN', () => {
	const stats = programStats({run_cnt: 5, run_time_ns: 10}, {run_cnt: 5, run_time_ns: 10}, 1e9);
	assert.deepEqual(stats, {eventsPerSec: 0, avgRuntimeNs: 0, cpuPercent: 0});
});

test('first sample, missing counters (stats off) and zero interval give zeros', () => {
	assert.equal(programStats(undefined, {run_cnt: 10, run_time_ns: 10}, 1e9).eventsPerSec, 0);
	assert.equal(programStats({}, {}, 1e9).eventsPerSec, 0);
	assert.equal(programStats({run_cnt: 1, run_time_ns: 1}, {run_cnt: 9, run_time_ns: 9}, 0).eventsPerSec, 0);
});

test('counters that go backwards (stats reset) count as no runs', () => {
	const stats = programStats({run_cnt: 1000, run_time_ns: 1e6}, {run_cnt: 10, run_time_ns: 1e4}, 1e9);
	assert.deepEqual(stats, {eventsPerSec: 0, avgRuntimeNs: 0, cpuPercent: 0});
});

test('CPU % is percent of one CPU: a program busy 0.5 s per second is 50 %', () => {
	assert.equal(programStats({run_cnt: 0, run_time_ns: 0}, {run_cnt: 1, run_time_ns: 5e8}, 1e9).cpuPercent, 50);
});

test('absent counters are 0: a program that had not run when stats came on counts its first runs', () => {
	// bpftool omits run_cnt and run_time_ns while run_time_ns is 0.
	const stats = programStats({}, {run_cnt: 50, run_time_ns: 5000}, 1e9);
	assert.equal(stats.eventsPerSec, 50);
	assert.equal(stats.avgRuntimeNs, 100);
	// Stats switched off meanwhile: the counters vanish, which is no runs, not a negative rate.
	assert.equal(programStats({run_cnt: 50, run_time_ns: 5000}, {}, 1e9).eventsPerSec, 0);
});
