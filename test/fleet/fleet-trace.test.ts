import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mergeTraceChunks} from '../../source/fleet/fleet-trace.js';
import {appendTrace, emptyTraceLog, filterTrace} from '../../source/model/trace-log.js';

test('lines keep their host; one host in trouble is a notice, all of them an error', () => {
	const chunk = mergeTraceChunks([
		{host: 'a', chunk: {lines: ['l1', 'l2'], dropped: 1}},
		{host: 'b', chunk: {lines: [], dropped: 0, error: 'trace_pipe is busy'}},
		{host: 'c', chunk: {lines: ['l3'], dropped: 2, notice: 'c: connecting'}},
	]);
	assert.deepEqual(chunk, {lines: ['l1', 'l2', 'l3'], hosts: ['a', 'a', 'c'], dropped: 3, notice: 'b: trace_pipe is busy; c: connecting'});
	assert.deepEqual(mergeTraceChunks([{host: 'a', chunk: {lines: [], dropped: 0, error: 'no tracefs'}}]), {lines: [], hosts: [], dropped: 0, error: 'a: no tracefs'});
});

test('the trace log keeps the host of each line, and the filter finds lines by host', () => {
	const log = appendTrace(emptyTraceLog(0), {lines: ['x-1 [000] ..... 1.0: bpf_trace_printk: hi', 'y'], hosts: ['web1', 'web2'], dropped: 0}, 1000);
	assert.deepEqual(log.entries.map(entry => entry.host), ['web1', 'web2']);
	assert.deepEqual(filterTrace(log, 'WEB2').map(entry => entry.text), ['y']);
});
