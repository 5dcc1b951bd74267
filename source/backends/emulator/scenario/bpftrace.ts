// A bpftrace one-liner in the default system, as bpftrace 0.17 loads it: its maps are named AT_<name>
// (`@opens` is AT_opens), count() and hist() live in per-CPU hashes without BTF, a hist() key is
// the u64 log2 bucket index, and the bpftrace process holding them carries the script on its
// command line (the value table reads it to know @flags is a histogram). Real bytecode, no BTF.
import type {BpfObjectSpec} from '../object.js';
import {Asm} from '../vm/asm.js';
import {assembled} from './network.js';

const H = {lookup: 1, update: 2, comm: 16} as const;

/** What the user typed. */
export const bpftraceScript = 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); @flags = hist(args->flags); }';

/** Adds 1 to the per-CPU counter at the key on the stack at `keyAt` in `map` (a new key starts at 1). */
function count(a: Asm, map: string, keyAt: number, done: string): Asm {
	a.ldMap(1, map).movr(2, 10).alu64('ADD', 2, keyAt).call(H.lookup);
	a.jmp('JEQ', 0, 0, `${done}-new`);
	a.ldx('dw', 1, 0, 0).alu64('ADD', 1, 1).stx('dw', 0, 0, 1).ja(done);
	a.label(`${done}-new`).st('dw', 10, -48, 1).ldMap(1, map).movr(2, 10).alu64('ADD', 2, keyAt).movr(3, 10).alu64('ADD', 3, -48).mov(4, 0).call(H.update);
	return a.label(done);
}

function openat(): Asm {
	const a = new Asm('bpftrace');
	a.label('start').movr(6, 1);
	// @opens[comm] = count(): the key is the 16-byte comm, NUL-padded.
	a.movr(1, 10).alu64('ADD', 1, -16).mov(2, 16).call(H.comm);
	count(a, 'AT_opens', -16, 'opens');
	// @flags = hist(args->flags): bucket 1 holds 0, k + 2 holds [2^k, 2^(k+1)) (bpftrace's log2).
	a.ldx('dw', 7, 6, 32).mov(8, 1).jmp('JEQ', 7, 0, 'bucket');
	a.mov(8, 2);
	for (const shift of [32, 16, 8, 4, 2, 1]) {
		a.movr(1, 7).alu64('RSH', 1, shift).jmp('JEQ', 1, 0, `below-${shift}`);
		a.movr(7, 1).alu64('ADD', 8, shift);
		a.label(`below-${shift}`);
	}

	a.label('bucket').stx('dw', 10, -24, 8);
	count(a, 'AT_flags', -24, 'flags');
	return a.mov(0, 0).exit();
}

const openatProgram = assembled(openat);

export function bpftraceObject(): BpfObjectSpec {
	return {
		name: 'bpftrace',
		license: 'GPL',
		maps: [
			{name: 'AT_opens', type: 'percpu_hash', keySize: 16, valueSize: 8, maxEntries: 4096, flags: 0},
			{name: 'AT_flags', type: 'percpu_hash', keySize: 8, valueSize: 8, maxEntries: 4096, flags: 0},
		],
		programs: [openatProgram('sys_enter_opena', 'tracepoint/syscalls/sys_enter_openat', 'tracepoint')],
	};
}
