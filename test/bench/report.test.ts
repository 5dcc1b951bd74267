import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Measured} from '../../bench/pty-run.js';
import {budgetRow, growth, soakIsFlat, summariseSoak, tableCells, textTable, verdicts, type Row, type Verdict} from '../../bench/report.js';

const line = (list: readonly Verdict[], id: string): Verdict => {
	const found = list.find(verdict => verdict.id === id);
	assert.ok(found, `no budget line ${id}`);
	return found;
};

const measured = (cpuMsPerRefresh: number, extra: Partial<Measured> = {}): Measured => ({
	ok: true,
	firstFrameMs: 200,
	firstFrameCpuMs: 150,
	refreshes: 10,
	cpuMsPerRefresh,
	warmupCpuMsPerRefresh: cpuMsPerRefresh * 1.5,
	childCpuMsPerRefresh: 1,
	bytesPerRefresh: 1000,
	rssWarmKb: 60 * 1024,
	rssEndKb: 61 * 1024,
	fdsWarm: 20,
	fdsEnd: 20,
	...extra,
});

const rows: Row[] = [
	{label: 'htop', backend: 'htop', result: measured(2, {bytesPerRefresh: 800})},
	{label: 'emulator, 100 programs', backend: 'emulator', programs: 100, result: {ok: false, reason: 'not built'}},
	{label: 'bpftool, 100 programs', backend: 'bpftool', programs: 100, result: measured(8)},
	{label: 'bpftool, 1000 programs', backend: 'bpftool', programs: 1000, result: measured(60, {firstFrameMs: 700, rssEndKb: 160 * 1024})},
];

test('the budget is judged on the real kernel at 100 programs, next to htop', () => {
	assert.equal(budgetRow(rows)?.label, 'bpftool, 100 programs');
	// The kernel at 1,000 programs shows growth; its start and memory are not the budget's.
	const list = verdicts(rows);
	assert.deepEqual(Object.fromEntries(list.map(verdict => [verdict.id, verdict.status])), {
		cpu: 'FAIL',
		bytes: 'FAIL',
		'first-frame': 'pass',
		'first-frame-every-size': 'pass',
		rss: 'pass',
		'rss-1000': 'FAIL',
		soak: 'n/a',
		growth: 'pass',
		'single-file': 'n/a',
	});
	assert.match(line(list, 'cpu').measured, /8\.00 ms vs 2\.00 ms = 4\.00×/);
	assert.match(line(list, 'bytes').measured, /1\.25×/);
});

test('within the budget: CPU ≤ 3× and bytes ≤ 0.5× htop, 100 programs ≤ 90 MB, 1,000 ≤ 100 MB', () => {
	const good = rows.map(row => {
		if (row.backend === 'htop') return {...row, result: measured(4, {bytesPerRefresh: 3000})};
		if (row.programs === 1000) return {...row, result: measured(60, {rssEndKb: 99 * 1024})};
		return row;
	});
	const list = verdicts(good);
	for (const id of ['cpu', 'bytes', 'rss', 'rss-1000'] as const) assert.equal(line(list, id).status, 'pass', id);
	const fat = good.map(row => (row.backend === 'bpftool' && row.programs === 100 ? {...row, result: measured(8, {rssWarmKb: 91 * 1024})} : row));
	assert.equal(line(verdicts(fat), 'rss').status, 'FAIL');
});

test('the first frame at 100 programs is judged against 300 ms', () => {
	const slow = rows.map(row => (row.backend === 'bpftool' && row.programs === 100 ? {...row, result: measured(8, {firstFrameMs: 301})} : row));
	assert.equal(line(verdicts(slow), 'first-frame').status, 'FAIL');
	assert.match(line(verdicts(rows), 'first-frame').measured, /200 ms wall/);
});

test('the single file starts within 20% of the npm install', () => {
	assert.equal(line(verdicts(rows, undefined, {npmFirstFrameMs: 250, singleFirstFrameMs: 300}), 'single-file').status, 'pass');
	assert.equal(line(verdicts(rows, undefined, {npmFirstFrameMs: 250, singleFirstFrameMs: 301}), 'single-file').status, 'FAIL');
});

test('a slow first frame or too much memory on a budget subject fails', () => {
	const emulator = {label: 'emulator, 1000 programs', backend: 'emulator', programs: 1000, result: measured(20, {firstFrameMs: 700, rssEndKb: 160 * 1024})} as const;
	assert.deepEqual(
		['first-frame-every-size', 'rss-1000'].map(id => line(verdicts([...rows, emulator]), id).status),
		['FAIL', 'FAIL'],
	);
});

test('CPU over 3× htop fails', () => {
	const fine = rows.map(row => (row.programs === 100 && row.backend === 'bpftool' ? {...row, result: measured(6)} : row));
	assert.equal(line(verdicts(fine), 'cpu').status, 'pass');
	const slow = rows.map(row => (row.programs === 100 && row.backend === 'bpftool' ? {...row, result: measured(6.1)} : row));
	assert.equal(line(verdicts(slow), 'cpu').status, 'FAIL');
});

test('growth compares 1,000 programs with 100; worse than linear fails', () => {
	assert.deepEqual(growth(rows), {backend: 'bpftool', factor: 7.5});
	const worse = rows.map(row => (row.programs === 1000 ? {...row, result: measured(120)} : row));
	assert.equal(line(verdicts(worse), 'growth').status, 'FAIL');
});

test('nothing measured is n/a, not pass', () => {
	const none: Row[] = [{label: 'htop', backend: 'htop', result: {ok: false, reason: 'missing'}}];
	assert.ok(verdicts(none).every(verdict => verdict.status === 'n/a'));
});

test('a soak is flat when memory grows by ≤ 10 MB or 10 % and no fd leaks', () => {
	const base = {minutes: 5, rssFirstMb: 80, rssLastMb: 85, rssMaxMb: 90, fdsFirst: 20, fdsLast: 20};
	assert.equal(soakIsFlat(base), true);
	assert.equal(soakIsFlat({...base, rssLastMb: 100}), false);
	assert.equal(soakIsFlat({...base, fdsLast: 21}), false);
	assert.equal(line(verdicts(rows, base), 'soak').status, 'pass');
});

test('cells carry ratios to htop; unavailable rows say why', () => {
	const cells = tableCells(rows);
	assert.equal(cells[2]![1], '8.00 (4.00×)');
	assert.deepEqual(cells[1], ['emulator, 100 programs', 'not available (not built)']);
	assert.match(textTable(rows), /emulator, 100 programs\s+not available \(not built\)/);
});

test('summariseSoak compares the first and last quarters: medians for memory, fewest fds', () => {
	const samples = [100, 140, 120, 130, 125, 150, 110, 128].map((rssMb, index) => ({rssMb, fds: index % 2 === 0 ? 23 : 27}));
	assert.deepEqual(summariseSoak(5, samples), {minutes: 5, rssFirstMb: 140, rssLastMb: 128, rssMaxMb: 150, fdsFirst: 23, fdsLast: 23});
	const leaking = samples.map((sample, index) => ({...sample, fds: 20 + index}));
	assert.equal(soakIsFlat(summariseSoak(5, leaking)), false);
});
