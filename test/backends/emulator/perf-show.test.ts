// `perf show` on the emulator answers as bpftool does: the kprobe, tracepoint and raw tracepoint
// its processes hold, by pid and fd; the default scenario raises no problem of its own.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createEmulatorBackend} from '../../../source/backends/emulator/emulator-backend.js';
import {virtualClock} from '../../../source/clock/clock.js';
import {perfShowSchema} from '../../../source/parse/perf-show.js';
import {collect} from '../../../source/collect/collect.js';

test('perf show lists the probes and tracepoints the scenario\'s processes hold, in bpftool\'s shape', async () => {
	const backend = createEmulatorBackend({seed: 1, clock: virtualClock({startWallMs: 0})});
	const [answer] = await backend.run([['perf', 'show']]);
	const entries = perfShowSchema.parse(answer!.output);
	const programs = new Map(backend.kernel.programs().map(program => [program.id, program.name]));
	assert.deepEqual(
		entries.map(entry => [entry.pid, programs.get(entry.prog_id), entry.fd_type, entry.func ?? entry.tracepoint]),
		[
			[2750, 'trace_openat', 'tracepoint', 'sys_enter_openat'],
			[2811, 'kprobe_unlink', 'kprobe', 'do_unlinkat'],
			[3391, 'hello', 'raw_tracepoint', 'sys_enter'],
			// The bpftrace one-liner's tracepoint, as bpftrace holds it (a perf event fd, no link).
			[4388, 'sys_enter_opena', 'tracepoint', 'sys_enter_openat'],
		],
	);
	assert.ok(entries.every(entry => entry.fd >= 3));
	assert.deepEqual((await backend.run([['perf', 'list']]))[0]!.output, answer!.output, 'list is show');
	await backend.close();
});

test('a refresh of every view on the default scenario has no problems', async () => {
	const backend = createEmulatorBackend({seed: 1, clock: virtualClock({startWallMs: 0})});
	const snapshot = await collect(backend, {attachments: true, progId: 15, jited: true}, virtualClock({startWallMs: 0}));
	assert.deepEqual(snapshot.problems, []);
	assert.equal(snapshot.attachments?.perf.length, 4);
	await backend.close();
});
