import assert from 'node:assert/strict';
import {test} from 'node:test';
import {appendTrace, emptyTraceLog, entryLine, scrollTrace, traceWindow, type TraceLog} from '../../source/model/trace-log.js';

const line = (n: number, message = `Hello World ${n}`) => `         python3-3383    [001] ..s21   ${(243 + n / 1000).toFixed(6)}: bpf_trace_printk: ${message}`;
const lines = (from: number, count: number) => Array.from({length: count}, (_, index) => line(from + index));

function logOf(count: number, capacity = 1000): TraceLog {
	return appendTrace(emptyTraceLog(0, capacity), {lines: lines(0, count), dropped: 0}, 1000);
}

test('lines are parsed and numbered in order', () => {
	const log = logOf(3);
	assert.equal(log.total, 3);
	assert.deepEqual(log.entries.map(entry => entry.seq), [1, 2, 3]);
	assert.equal(entryLine(log.entries[2]!).message, 'Hello World 2');
	assert.equal(entryLine(log.entries[0]!).task, 'python3');
});

test('the log is bounded; a burst larger than the log keeps the newest and counts everything', () => {
	let log = emptyTraceLog(0, 100);
	log = appendTrace(log, {lines: lines(0, 60), dropped: 0}, 100);
	log = appendTrace(log, {lines: lines(60, 60), dropped: 0}, 200);
	assert.equal(log.entries.length, 100);
	assert.equal(log.entries[0]!.seq, 21);
	log = appendTrace(log, {lines: lines(120, 10_000), dropped: 0}, 300);
	assert.equal(log.entries.length, 100);
	assert.equal(log.total, 10_120);
	assert.equal(log.entries.at(-1)!.seq, 10_120);
	assert.equal(entryLine(log.entries.at(-1)!).message, 'Hello World 10119');
	assert.equal(log.entries[0]!.seq, 10_021);
});

test('dropped counts the reader\'s losses and the kernel\'s LOST lines, even in the skipped part of a burst', () => {
	let log = emptyTraceLog(0, 10);
	log = appendTrace(log, {lines: ['CPU:1 [LOST 7 EVENTS]', ...lines(0, 20), 'CPU:0 [LOST 5 EVENTS]'], dropped: 3}, 100);
	assert.equal(log.dropped, 3 + 7 + 5);
});

test('lines per second over the last two seconds, falling to zero when quiet', () => {
	let log = emptyTraceLog(0);
	log = appendTrace(log, {lines: lines(0, 100), dropped: 0}, 1000);
	assert.equal(log.rate, 100);
	log = appendTrace(log, {lines: lines(100, 300), dropped: 0}, 2000);
	assert.equal(log.rate, 200);
	log = appendTrace(log, {lines: [], dropped: 0}, 3500);
	assert.equal(log.rate, 150);
	log = appendTrace(log, {lines: [], dropped: 0}, 4100);
	assert.equal(log.rate, 0);
	const same = appendTrace(log, {lines: [], dropped: 0}, 4200);
	assert.equal(same, log, 'nothing changed: the same object, so React does not redraw');
});

test('an error is kept and shown', () => {
	const log = appendTrace(emptyTraceLog(0), {lines: [], dropped: 0, error: 'tracefs is not mounted'}, 10);
	assert.equal(log.error, 'tracefs is not mounted');
});

test('following shows the newest lines; the filter matches sanitised text', () => {
	let log = logOf(50);
	log = appendTrace(log, {lines: [line(50, '\u001b[31mred')], dropped: 0}, 1100);
	const window = traceWindow(log, '', {}, 10);
	assert.equal(window.entries.length, 10);
	assert.equal(window.entries.at(-1)!.seq, 51);
	assert.ok(window.following);
	assert.equal(window.below, 0);
	const escaped = traceWindow(log, '\\E[31', {}, 10);
	assert.deepEqual(escaped.entries.map(entry => entry.seq), [51]);
	const filtered = traceWindow(log, 'world 4', {}, 10);
	assert.deepEqual(filtered.entries.map(entry => entryLine(entry).message), Array.from({length: 10}, (_, index) => `Hello World ${40 + index}`));
	assert.equal(filtered.matching, 11);
});

test('scrolling up stops following and holds the window while new lines arrive', () => {
	let log = logOf(100);
	let scroll = scrollTrace(log, '', {}, 'up', 10);
	assert.equal(scroll.anchor, 99);
	scroll = scrollTrace(log, '', scroll, 'page-up', 10);
	assert.equal(scroll.anchor, 90);
	log = appendTrace(log, {lines: lines(100, 5), dropped: 0}, 1100);
	const window = traceWindow(log, '', scroll, 10);
	assert.deepEqual(window.entries.map(entry => entry.seq), [81, 82, 83, 84, 85, 86, 87, 88, 89, 90]);
	assert.equal(window.below, 15);
	assert.equal(window.following, false);
});

test('Home shows the oldest page, End and paging past the bottom follow again', () => {
	const log = logOf(100);
	const home = scrollTrace(log, '', {}, 'home', 10);
	assert.deepEqual(traceWindow(log, '', home, 10).entries.map(entry => entry.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	assert.equal(scrollTrace(log, '', home, 'up', 10).anchor, 10, 'cannot scroll above the first line');
	assert.deepEqual(scrollTrace(log, '', home, 'end', 10), {});
	let scroll = home;
	for (let i = 0; i < 20; i++) scroll = scrollTrace(log, '', scroll, 'page-down', 10);
	assert.deepEqual(scroll, {});
	assert.equal(scrollTrace(log, '', {anchor: 98}, 'down', 10).anchor, 99);
	assert.deepEqual(scrollTrace(log, '', {anchor: 99}, 'down', 10), {});
});

test('pause toggles following; an anchor that left the buffer shows the oldest page', () => {
	let log = logOf(20, 20);
	const paused = scrollTrace(log, '', {}, 'toggle-follow', 5);
	assert.equal(paused.anchor, 20);
	assert.deepEqual(scrollTrace(log, '', paused, 'toggle-follow', 5), {});
	log = appendTrace(log, {lines: lines(20, 40), dropped: 0}, 1100);
	const window = traceWindow(log, '', paused, 5);
	assert.deepEqual(window.entries.map(entry => entry.seq), [41, 42, 43, 44, 45]);
});

test('an empty log can be paused and scrolled without failing', () => {
	const log = emptyTraceLog(0);
	assert.deepEqual(traceWindow(log, '', {}, 5).entries, []);
	for (const move of ['up', 'down', 'page-up', 'page-down', 'home', 'end', 'toggle-follow'] as const) {
		const scroll = scrollTrace(log, 'x', {}, move, 5);
		assert.deepEqual(traceWindow(log, 'x', scroll, 5).entries, []);
	}
});
