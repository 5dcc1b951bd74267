import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseBatchOutput} from '../../source/backends/bpftool/batch-output.js';
import {cgroupTreeSchema} from '../../source/parse/cgroup-tree.js';
import {parseOutput} from '../../source/parse/command-output.js';
import {linkListSchema} from '../../source/parse/link-show.js';
import {netShowSchema} from '../../source/parse/net-show.js';
import {perfShowSchema} from '../../source/parse/perf-show.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(fixture(name));

test('net show from a namespace with XDP generic on lo', () => {
	const parsed = parseOutput(netShowSchema, json('net-show-netns.json'), 'net show');
	assert.ok(parsed.ok);
	assert.deepEqual(parsed.value.xdp, [{devname: 'lo', ifindex: 1, mode: 'generic', id: 10}]);
	assert.deepEqual(parsed.value.netfilter, [], 'bpftool 7.1 has no netfilter key: it defaults to empty');
});

test("bpftool's invalid flow_dissector JSON is mended, so a real batch with tc and a flow dissector parses", () => {
	const text = fixture('net-show-tc-flow-dissector.txt');
	assert.throws(() => JSON.parse(text), 'the captured output really is invalid JSON');
	const batch = parseBatchOutput(`[{"command":["net","show"],"output":${text.trim()}}]`);
	assert.ok(batch.ok);
	const parsed = parseOutput(netShowSchema, batch.outputs[0]?.output, 'net show');
	assert.ok(parsed.ok);
	assert.deepEqual(parsed.value.flow_dissector, [{id: 352}]);
	assert.equal(parsed.value.tc[0]?.kind, 'clsact/ingress');
	assert.equal(parsed.value.tc[0]?.id, 356);
});

test('net show of a newer bpftool: multi-mode XDP, tcx with link ids, netfilter', () => {
	const parsed = parseOutput(netShowSchema, json('net-show-tcx.json'), 'net show');
	assert.ok(parsed.ok);
	assert.equal(parsed.value.xdp[0]?.multi_attachments?.length, 2);
	assert.equal(parsed.value.tc[0]?.link_id, 2);
	assert.equal(parsed.value.netfilter[0]?.prio, -128);
});

test('link show in both shapes, cgroup tree and perf show parse', () => {
	for (const name of ['link-show.json', 'link-show-7.1.json', 'link-show-new.json']) {
		const parsed = parseOutput(linkListSchema, json(name), name);
		assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
	}

	const cgroups = parseOutput(cgroupTreeSchema, json('cgroup-tree.json'), 'cgroup tree');
	assert.ok(cgroups.ok);
	assert.equal(cgroups.value[0]?.programs[0]?.attach_type, 'cgroup_inet_egress');
	const perf = parseOutput(perfShowSchema, json('perf-show.json'), 'perf show');
	assert.ok(perf.ok);
	assert.equal(perf.value.length, 3);
});

test('a link without prog_id is an error naming the field, not a crash', () => {
	const parsed = parseOutput(linkListSchema, [{id: 1, type: 'xdp'}], 'link show');
	assert.equal(parsed.ok, false);
	assert.match(parsed.ok ? '' : parsed.error, /link show: .*prog_id/);
});

test('the stale-errno entry bpftool adds after cgroup tree is dropped, the answers kept', () => {
	const batch = parseBatchOutput('[{"command":["prog","show"],"output":[]},{"command":["cgroup","tree"],"output":[]},{"error":"reading batch file failed: Invalid argument"}]');
	assert.ok(batch.ok);
	assert.deepEqual(batch.outputs.map(output => output.command.join(' ')), ['prog show', 'cgroup tree']);
});

test('an error outside any command is kept as the clue when nothing was answered', () => {
	const batch = parseBatchOutput('[{"error":"reading batch file failed: Invalid argument"}]');
	assert.deepEqual(batch, {ok: true, outputs: [], stray: 'reading batch file failed: Invalid argument'});
});
