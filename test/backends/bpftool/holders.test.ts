// Who holds what, from /proc/<pid>/fdinfo: the parser, a scan over a /proc-shaped tree, and the
// filler that puts `pids` into bpftool's answers (and when it scans again).
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {pidFiller} from '../../../source/backends/bpftool/fill-pids.js';
import {parseBpfFdinfo, scanHolders, type HolderScan} from '../../../source/backends/bpftool/holders.js';

// As this kernel prints them (6.18): a program, a map, and a perf link to a tracepoint.
const progFdinfo = 'pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1036\nprog_type:\t5\nprog_jited:\t1\nprog_tag:\tfaeb442ee60dc635\nmemlock:\t4096\nprog_id:\t4030\nrun_time_ns:\t0\nrun_cnt:\t0\n';
const mapFdinfo = 'pos:\t0\nflags:\t02000002\nmap_type:\t1\nkey_size:\t4\nvalue_size:\t16\nmax_entries:\t10240\nmemlock:\t1000544\nmap_id:\t2461\nfrozen:\t0\n';
const linkFdinfo = 'pos:\t0\nflags:\t02000000\nlink_type:\tperf\nlink_id:\t89\nprog_tag:\tfaeb442ee60dc635\nprog_id:\t4031\ntp_name:\tsys_enter_openat\nevent_type:\ttracepoint\n';

test('fdinfo: a program, a map, and a link that names its program', () => {
	assert.deepEqual(parseBpfFdinfo(progFdinfo), {progId: 4030});
	assert.deepEqual(parseBpfFdinfo(mapFdinfo), {mapId: 2461});
	assert.deepEqual(parseBpfFdinfo(linkFdinfo), {linkId: 89, progId: 4031});
	assert.deepEqual(parseBpfFdinfo('pos:\t0\nflags:\t0\n'), {});
});

function fakeProc(): string {
	const root = mkdtempSync(join(tmpdir(), 'bpftop-proc-'));
	const process = (pid: number, comm: string, fds: Array<[string, string]>) => {
		mkdirSync(join(root, String(pid), 'fd'), {recursive: true});
		mkdirSync(join(root, String(pid), 'fdinfo'));
		writeFileSync(join(root, String(pid), 'comm'), `${comm}\n`);
		for (const [index, [target, info]] of fds.entries()) {
			symlinkSync(target, join(root, String(pid), 'fd', String(index + 3)));
			writeFileSync(join(root, String(pid), 'fdinfo', String(index + 3)), info);
		}
	};

	process(100, 'opensnoop', [
		['anon_inode:bpf-prog', progFdinfo],
		['anon_inode:bpf-map', mapFdinfo],
		['anon_inode:bpf_link', linkFdinfo],
		['socket:[1234]', 'pos:\t0\n'],
	]);
	process(200, 'evil\u001b[2J', [['anon_inode:bpf-prog', progFdinfo]]);
	process(300, 'bash', [['/dev/pts/0', 'pos:\t0\n']]);
	// Ourselves: looking is not holding.
	process(400, 'bpftop-ts', [['anon_inode:bpf-prog', progFdinfo]]);
	mkdirSync(join(root, 'self'));
	return root;
}

test('a scan finds every holder once, follows links to their program, and skips the monitor itself', () => {
	const scan = scanHolders({procRoot: fakeProc(), self: 400});
	assert.deepEqual(scan.programs.get(4030), [{pid: 100, comm: 'opensnoop'}, {pid: 200, comm: 'evil\u001b[2J'}]);
	assert.deepEqual(scan.programs.get(4031), [{pid: 100, comm: 'opensnoop'}]);
	assert.deepEqual(scan.links.get(89), [{pid: 100, comm: 'opensnoop'}]);
	assert.deepEqual(scan.maps.get(2461), [{pid: 100, comm: 'opensnoop'}]);
	assert.equal(scan.comms.get(300), undefined, 'a process holding nothing is not listed');
	assert.equal(scan.processes, 3);
});

test('on this machine: our own test process holds nothing, and the scan ends', () => {
	const scan = scanHolders();
	assert.ok(scan.processes > 1);
	assert.ok(![...scan.programs.values()].flat().some(holder => holder.pid === process.pid));
});

const found = (programs: Record<number, Array<{pid: number; comm: string}>>): HolderScan => ({
	programs: new Map(Object.entries(programs).map(([id, holders]) => [Number(id), holders])),
	maps: new Map([[7, [{pid: 5, comm: 'loader'}]]]),
	links: new Map(),
	comms: new Map([[5, 'loader'], [9, 'perfuser']]),
	processes: 3,
	descriptors: 9,
});

test('pids are filled where bpftool left them out, never over bpftool\'s own, and perf show gets commands', () => {
	const fill = pidFiller({scan: () => found({1: [{pid: 5, comm: 'loader'}]})});
	const [progs, maps, perf, other] = fill([
		{command: ['prog', 'show'], output: [{id: 1, name: 'a'}, {id: 2, name: 'b'}, {id: 3, pids: [{pid: 1, comm: 'systemd'}]}]},
		{command: ['map', 'show'], output: [{id: 7}]},
		{command: ['perf', 'show'], output: [{pid: 9, fd: 3, prog_id: 1, fd_type: 'tracepoint'}]},
		{command: ['net', 'show'], output: [{xdp: []}]},
	]);
	assert.deepEqual(progs!.output, [{id: 1, name: 'a', pids: [{pid: 5, comm: 'loader'}]}, {id: 2, name: 'b'}, {id: 3, pids: [{pid: 1, comm: 'systemd'}]}]);
	assert.deepEqual(maps!.output, [{id: 7, pids: [{pid: 5, comm: 'loader'}]}]);
	assert.deepEqual(perf!.output, [{pid: 9, fd: 3, prog_id: 1, fd_type: 'tracepoint', comm: 'perfuser'}]);
	assert.deepEqual(other!.output, [{xdp: []}]);
});

test('the scan is kept while no id comes or goes, for at most its age, and at most one per 2 s', () => {
	let scans = 0;
	let now = 0;
	const fill = pidFiller({scan: () => (scans++, found({})), nowMs: () => now, maxAgeMs: 30_000, minAgeMs: 2000, alive: () => true});
	const listing = (ids: number[]) => [{command: ['prog', 'show'] as const, output: ids.map(id => ({id}))}];
	fill(listing([1, 2]));
	now = 1000;
	fill(listing([1, 2]));
	assert.equal(scans, 1);
	fill(listing([1, 2, 3]));
	assert.equal(scans, 1, 'ids churning: not more than one scan per 2 s');
	now = 2500;
	fill(listing([1, 2, 3]));
	assert.equal(scans, 2, 'a new program: scan again');
	now = 20_000;
	fill(listing([1, 2, 3]));
	assert.equal(scans, 2);
	now = 33_000;
	fill(listing([1, 2, 3]));
	assert.equal(scans, 3, 'an old scan: scan again');
	fill([{command: ['net', 'show'], output: []}]);
	assert.equal(scans, 3, 'nothing that names holders: no scan');
});

test('between scans, a holder whose process exited is dropped at once', () => {
	const living = new Set([5, 9]);
	const fill = pidFiller({scan: () => found({1: [{pid: 5, comm: 'loader'}, {pid: 9, comm: 'perfuser'}]}), nowMs: () => 0, alive: pid => living.has(pid)});
	const listing = [{command: ['prog', 'show'] as const, output: [{id: 1}]}];
	assert.equal((fill(listing)[0]!.output as Array<{pids: unknown[]}>)[0]!.pids.length, 2);
	living.delete(9);
	assert.deepEqual((fill(listing)[0]!.output as Array<{pids: unknown[]}>)[0]!.pids, [{pid: 5, comm: 'loader'}]);
	living.delete(5);
	assert.equal((fill(listing)[0]!.output as Array<{pids?: unknown[]}>)[0]!.pids, undefined);
});

test('the same entry with the same holders is filled in as the same object, and anew when a holder exits', () => {
	const living = new Set([5, 9]);
	const fill = pidFiller({scan: () => found({1: [{pid: 5, comm: 'loader'}, {pid: 9, comm: 'perfuser'}]}), nowMs: () => 0, alive: pid => living.has(pid)});
	const entry = {id: 1};
	const listing = [{command: ['prog', 'show'] as const, output: [entry]}];
	const first = (fill(listing)[0]!.output as object[])[0];
	assert.equal((fill(listing)[0]!.output as object[])[0], first);
	living.delete(9);
	const pruned = (fill(listing)[0]!.output as object[])[0];
	assert.notEqual(pruned, first);
	assert.equal((fill(listing)[0]!.output as object[])[0], pruned, 'the pruned scan is kept');
});
