import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {attachmentList} from '../../source/model/attachments.js';
import {cgroupTreeSchema} from '../../source/parse/cgroup-tree.js';
import {linkListSchema} from '../../source/parse/link-show.js';
import {netShowSchema} from '../../source/parse/net-show.js';
import {perfShowSchema} from '../../source/parse/perf-show.js';
import type {Program} from '../../source/parse/program.js';
import type {AttachmentSources} from '../../source/snapshot/snapshot.js';

const json = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));
const program = (id: number, name: string): Program => ({id, name, type: 'xdp', tag: ''});

test('XDP generic on lo in a named namespace: one row, the program named', () => {
	const sources: AttachmentSources = {netns: 'test-ns', net: netShowSchema.parse(json('net-show-netns.json')), links: [], cgroups: [], perf: []};
	assert.deepEqual(attachmentList(sources, [program(10, 'hello')]), [
		{kind: 'xdp', target: 'lo (1)', devname: 'lo', ifindex: 1, mode: 'generic', progId: 10, progName: 'hello', netns: 'test-ns', holders: [], source: 'net'},
	]);
});

test('net show, links, cgroup tree and perf show merge: a link shown by two sources is one row with its link id', () => {
	const sources: AttachmentSources = {
		net: netShowSchema.parse(json('net-show-tcx.json')),
		links: linkListSchema.parse(json('link-show-new.json')),
		cgroups: cgroupTreeSchema.parse(json('cgroup-tree.json')),
		perf: perfShowSchema.parse(json('perf-show.json')),
	};
	const rows = attachmentList(sources, [program(400, 'tcx_in')]);
	const summary = rows.map(row => `${row.kind} ${row.target} ${row.mode} ${row.progId} link=${row.linkId ?? '-'} ns=${row.netns ?? '-'}`);
	assert.deepEqual(summary, [
		'xdp eth0 (2) generic 410 link=- ns=current',
		'xdp eth0 (2) driver 411 link=- ns=current',
		// Link 1 (xdp on lo) and 9 (veth9) are not in this namespace's net show.
		'xdp lo (1)  345 link=1 ns=-',
		'xdp veth9 (9)  406 link=9 ns=-',
		'tc eth0 (2) egress 412 link=- ns=current',
		'tcx eth0 (2) ingress 400 link=2 ns=current',
		'netfilter ipv4 input prio -128 405 link=8 ns=current',
		'cgroup /sys/fs/cgroup/unified/scratchcg cgroup_inet_egress 363 link=3 ns=-',
		// The rest in kind order as they come: perf show first, then links perf show did not cover.
		...rows.slice(8).map(row => `${row.kind} ${row.target} ${row.mode} ${row.progId} link=${row.linkId ?? '-'} ns=${row.netns ?? '-'}`),
	]);
	assert.equal(rows.find(row => row.progId === 400)?.progName, 'tcx_in');
	const kinds = new Set(rows.map(row => row.kind));
	for (const kind of ['kprobe_multi', 'tracing', 'raw_tracepoint', 'kretprobe', 'uprobe']) assert.ok(kinds.has(kind), kind);
	assert.equal(rows.find(row => row.kind === 'kprobe_multi')?.target, 'do_unlinkat +1 more');
	const uprobe = rows.find(row => row.kind === 'uprobe');
	assert.equal(uprobe?.target, '/usr/lib/libc.so.6+0x1000');
	assert.deepEqual(uprobe?.holders, [{pid: 1400, comm: ''}]);
	// perf show lists the raw tracepoint and the kretprobe the links hold: one row each, with the link's id.
	assert.deepEqual(rows.filter(row => row.progId === 403).map(row => [row.kind, row.target, row.linkId]), [['raw_tracepoint', 'sys_enter', 6]]);
	assert.deepEqual(rows.filter(row => row.progId === 402).map(row => [row.kind, row.target, row.linkId]), [['kretprobe', 'do_sys_openat2', 5]]);
});

test('bpftool 7.1 links (no device, no function) still give a row each', () => {
	const sources: AttachmentSources = {links: linkListSchema.parse(json('link-show-7.1.json')), cgroups: [], perf: []};
	const rows = attachmentList(sources, []);
	assert.deepEqual(
		rows.map(row => `${row.kind}|${row.target}|${row.linkId}`),
		['xdp|(other namespace)|11', 'cgroup|cgroup id 4242|13', 'perf_event|?|14', 'raw_tracepoint|sys_enter|12'],
	);
});

test('a perf show row and its link: one row, the holder named from the link (perf show has only the pid)', () => {
	const sources: AttachmentSources = {
		links: [{id: 8, type: 'perf_event', prog_id: 13, func: 'do_unlinkat', pids: [{pid: 2811, comm: 'unlinkwatch'}]}],
		cgroups: [],
		perf: [{pid: 2811, fd: 5, prog_id: 13, fd_type: 'kprobe', func: 'do_unlinkat'}],
	};
	const rows = attachmentList(sources, [program(13, 'kprobe_unlink')]);
	assert.equal(rows.length, 1);
	assert.equal(rows[0]!.linkId, 8);
	assert.deepEqual(rows[0]!.holders, [{pid: 2811, comm: 'unlinkwatch'}]);
});
