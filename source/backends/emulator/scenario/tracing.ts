// The tracing side of the default system: an opensnoop-style tracepoint writing records to a ring
// buffer, and a kprobe counting unlinks per process in a bounded hash map.
import type {BpfObjectSpec} from '../object.js';
import {Asm} from '../vm/asm.js';
import {assembled, renameMaps} from './network.js';
import {U32, U64} from './btf-types.js';

const H = {lookup: 1, update: 2, ktime: 5, pidTgid: 14, comm: 16, reserve: 131, submit: 132} as const;

function traceOpenat(): Asm {
	const a = new Asm('opensnoop.bpf.c');
	a.func('trace_openat', 'int trace_openat(struct trace_event_raw_sys_enter * ctx)');
	a.movr(6, 1);
	a.line('struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);').ldMap(1, 'events').mov(2, 32).mov(3, 0).call(H.reserve);
	a.line('if (!e)').jmp('JEQ', 0, 0, 'out');
	a.movr(7, 0);
	a.line('e->pid = bpf_get_current_pid_tgid() >> 32;').call(H.pidTgid).alu64('RSH', 0, 32).stx('w', 7, 0, 0);
	a.line('e->flags = ctx->args[2];').ldx('dw', 1, 6, 32).stx('w', 7, 4, 1);
	a.line('e->ts = bpf_ktime_get_ns();').call(H.ktime).stx('dw', 7, 8, 0);
	a.line('bpf_get_current_comm(&e->comm, sizeof(e->comm));').movr(1, 7).alu64('ADD', 1, 16).mov(2, 16).call(H.comm);
	a.line('bpf_ringbuf_submit(e, 0);').movr(1, 7).mov(2, 0).call(H.submit);
	a.label('out').line('return 0;').mov(0, 0).exit();
	return a;
}

function kprobeUnlink(): Asm {
	const a = new Asm('unlinkwatch.bpf.c');
	a.func('kprobe_unlink', 'int kprobe_unlink(struct pt_regs * ctx)');
	a.line('__u32 tgid = bpf_get_current_pid_tgid() >> 32;').call(H.pidTgid).alu64('RSH', 0, 32).stx('w', 10, -4, 0);
	a.line('__u64 *n = bpf_map_lookup_elem(&unlink_counts, &tgid);').ldMap(1, 'unlink_counts').movr(2, 10).alu64('ADD', 2, -4).call(H.lookup);
	a.line('if (n)').jmp('JEQ', 0, 0, 'new');
	a.line('__sync_fetch_and_add(n, 1);').mov(1, 1).atomic('dw', 'ADD', 0, 0, 1).ja('out');
	a.label('new').line('bpf_map_update_elem(&unlink_counts, &tgid, &one, BPF_NOEXIST);').st('dw', 10, -16, 1).ldMap(1, 'unlink_counts')
		.movr(2, 10).alu64('ADD', 2, -4).movr(3, 10).alu64('ADD', 3, -16).mov(4, 1).call(H.update);
	a.label('out').line('return 0;').mov(0, 0).exit();
	return a;
}

const traceOpenatProgram = assembled(traceOpenat);
const kprobeUnlinkProgram = assembled(kprobeUnlink);

export function opensnoopObject(suffix = ''): BpfObjectSpec {
	return {
		name: `opensnoop${suffix}`,
		license: 'GPL',
		maps: [{name: `events${suffix}`.slice(0, 15), type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 256 * 1024, flags: 0}],
		programs: [renameMaps(traceOpenatProgram(`trace_openat${suffix}`.slice(0, 15), 'tracepoint/syscalls/sys_enter_openat', 'tracepoint'), suffix)],
	};
}

export function unlinkwatchObject(suffix = ''): BpfObjectSpec {
	return {
		name: `unlinkwatch${suffix}`,
		license: 'GPL',
		maps: [{name: `unlink_counts${suffix}`.slice(0, 15), type: 'hash', keySize: 4, valueSize: 8, maxEntries: 64, flags: 0, keyType: U32, valueType: U64}],
		programs: [renameMaps(kprobeUnlinkProgram(`kprobe_unlink${suffix}`.slice(0, 15), 'kprobe/do_unlinkat', 'kprobe'), suffix)],
	};
}
