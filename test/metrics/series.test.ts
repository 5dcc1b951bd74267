import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mergeHosts} from '../../source/model/merge-hosts.js';
import {createRegistry} from '../../source/metrics/registry.js';
import {monotonicCounters, seriesOf} from '../../source/metrics/series.js';
import type {Model} from '../../source/model/model.js';
import {entry, hostModel} from '../helpers/host-models.js';

test('one machine: program counters with id, name, type, tag; maps; stats', () => {
	const series = seriesOf(hostModel(undefined, [1, 2]), {statsOn: true, withHost: false});
	assert.deepEqual(series.programRuns, [
		{labels: {id: '1', name: 'prog1', type: 'xdp', tag: 'tag1'}, value: 1100},
		{labels: {id: '2', name: 'prog2', type: 'xdp', tag: 'tag2'}, value: 1100},
	]);
	assert.deepEqual(series.programRunSeconds[0], {labels: {id: '1', name: 'prog1', type: 'xdp', tag: 'tag1'}, value: 0.0011});
	assert.deepEqual(series.programs, [{labels: {}, value: 2}]);
	assert.deepEqual(series.mapEntries[0], {labels: {id: '10', name: 'map10', type: 'array'}, value: 4});
	assert.deepEqual(series.mapMemory[0], {labels: {id: '10', name: 'map10', type: 'array'}, value: 4096});
	assert.deepEqual(series.statsEnabled, [{labels: {}, value: 1}]);
	assert.deepEqual(series.hostUp, []);
});

test('several hosts: every series has its host; a host that is down has only bpftop_host_up 0', () => {
	const merged = mergeHosts([entry('web1', 'up', hostModel('web1', [1])), entry('web2', 'down', hostModel('web2', [1]), {error: 'connection lost'})]);
	const series = seriesOf(merged, {statsOn: false, withHost: true});
	assert.deepEqual(
		series.programRuns.map(sample => sample.labels),
		[{id: '1', name: 'prog1', type: 'xdp', tag: 'tag1', host: 'web1'}],
	);
	assert.deepEqual(series.hostUp, [
		{labels: {host: 'web1'}, value: 1},
		{labels: {host: 'web2'}, value: 0},
	]);
	assert.deepEqual(series.statsEnabled, [{labels: {host: 'web1'}, value: 1}]);
});

test('counters never go down within a series; a reload (new id) is a new series; gone series are forgotten', () => {
	const guard = monotonicCounters();
	const sample = (id: string, value: number) => ({labels: {id}, value});
	assert.deepEqual(guard([sample('1', 10), sample('2', 5)]), [sample('1', 10), sample('2', 5)]);
	assert.deepEqual(guard([sample('1', 7), sample('3', 1)]), [sample('1', 10), sample('3', 1)]);
	assert.deepEqual(guard([sample('2', 1)]), [sample('2', 1)], 'series 2 went away and came back as new');
});

test('the Prometheus text: HELP, TYPE counter and gauge, escaped label values, figures of the latest model', async () => {
	let model: Model | undefined = hostModel('web"1\n', [7]);
	const registry = createRegistry({model: () => model, context: () => ({statsOn: true, withHost: true})});
	const text = await registry.metrics();
	assert.match(text, /# TYPE bpftop_program_runs_total counter/);
	assert.match(text, /# TYPE bpftop_program_run_seconds_total counter/);
	assert.match(text, /# TYPE bpftop_map_memory_bytes gauge/);
	assert.match(text, /^bpftop_program_runs_total\{id="7",name="prog7",type="xdp",tag="tag7",host="web\\"1\\n"\} 1100$/m);
	assert.match(text, /^bpftop_stats_enabled\{host="web\\"1\\n"\} 1$/m);
	assert.match(text, /^bpftop_programs\{host="web\\"1\\n"\} 1$/m);
	model = hostModel('web"1\n', [8]);
	const next = await registry.metrics();
	assert.doesNotMatch(next, /id="7"/, 'an unloaded program leaves the output');
	assert.match(next, /id="8"/);
	model = undefined;
	assert.doesNotMatch(await registry.metrics(), /bpftop_program_runs_total\{/);
});
