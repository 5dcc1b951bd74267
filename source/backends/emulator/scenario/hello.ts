// The seed programs of Learning eBPF, chapter 3, as clang compiled them (test/bpf/hello.bpf.c and
// hello-func.bpf.c with `clang -target bpf -g -O2`): byte for byte, so tags match the real kernel.
import type {BpfObjectSpec} from '../object.js';
import {charArray, datasec, INT} from './btf-types.js';
import {cString, fromHex} from './hex.js';

const MMAPABLE = 1024;
const RDONLY_PROG = 128;

export const HELLO_FMT = 'Hello World %d';

export const helloObject: BpfObjectSpec = {
	name: 'hello',
	license: 'Dual BSD/GPL',
	maps: [
		{name: 'hello.bss', type: 'array', keySize: 4, valueSize: 4, maxEntries: 1, flags: MMAPABLE, valueType: datasec('.bss', [{name: 'counter', type: INT, offset: 0, size: 4}])},
		{
			name: 'hello.rodata', type: 'array', keySize: 4, valueSize: 15, maxEntries: 1, flags: MMAPABLE | RDONLY_PROG, frozen: true,
			initialValue: cString(HELLO_FMT),
			valueType: datasec('.rodata', [{name: 'hello.____fmt', type: charArray(15), offset: 0, size: 15}]),
		},
	],
	programs: [{
		name: 'hello',
		section: 'xdp',
		type: 'xdp',
		insns: fromHex(
			'1806000000000000', '0000000000000000', // r6 = &counter (.bss)
			'6163000000000000', // r3 = *(u32 *)(r6 + 0)
			'1801000000000000', '0000000000000000', // r1 = "Hello World %d" (.rodata)
			'b70200000f000000', // r2 = 15
			'8500000006000000', // call bpf_trace_printk
			'6161000000000000', // r1 = *(u32 *)(r6 + 0)
			'0701000001000000', // r1 += 1
			'6316000000000000', // *(u32 *)(r6 + 0) = r1
			'b700000002000000', // r0 = XDP_PASS
			'9500000000000000', // exit
		),
		mapRefs: [
			{insn: 0, map: 'hello.bss', kind: 'value', offset: 0},
			{insn: 3, map: 'hello.rodata', kind: 'value', offset: 0},
		],
		funcInfo: [{insn: 0, name: 'hello', proto: 'int hello(struct xdp_md * ctx)'}],
		lineInfo: [
			{insn: 0, source: 'bpf_printk("Hello World %d", counter);', file: 'hello.bpf.c', line: 9, column: 5},
			{insn: 7, source: 'counter++;', file: 'hello.bpf.c', line: 10, column: 12},
			{insn: 10, source: 'return XDP_PASS;', file: 'hello.bpf.c', line: 11, column: 5},
		],
	}],
};

export const SYSCALL_FMT = 'Syscall: %d';

export const helloFuncObject: BpfObjectSpec = {
	name: 'hello-func',
	license: 'Dual BSD/GPL',
	maps: [{
		// libbpf prefixes global-data maps with the first 8 characters of the object name.
		name: 'hello_fu.rodata', type: 'array', keySize: 4, valueSize: 12, maxEntries: 1, flags: MMAPABLE | RDONLY_PROG, frozen: true,
		initialValue: cString(SYSCALL_FMT),
		valueType: datasec('.rodata', [{name: 'hello.____fmt', type: charArray(12), offset: 0, size: 12}]),
	}],
	programs: [{
		name: 'hello',
		section: 'raw_tp/sys_enter',
		type: 'raw_tracepoint',
		insns: fromHex(
			'8510000007000000', // call get_opcode (pc+7)
			'1801000000000000', '0000000000000000', // r1 = "Syscall: %d" (.rodata)
			'b70200000c000000', // r2 = 12
			'bf03000000000000', // r3 = r0
			'8500000006000000', // call bpf_trace_printk
			'b700000000000000', // r0 = 0
			'9500000000000000', // exit
			'7910080000000000', // get_opcode: r0 = ctx->args[1]
			'9500000000000000', // exit
		),
		mapRefs: [{insn: 1, map: 'hello_fu.rodata', kind: 'value', offset: 0}],
		funcInfo: [
			{insn: 0, name: 'hello', proto: 'int hello(struct bpf_raw_tracepoint_args * ctx)'},
			{insn: 8, name: 'get_opcode', proto: 'int get_opcode(struct bpf_raw_tracepoint_args * ctx)'},
		],
		lineInfo: [
			{insn: 0, source: 'int opcode = get_opcode(ctx);', file: 'hello-func.bpf.c', line: 12, column: 18},
			{insn: 1, source: 'bpf_printk("Syscall: %d", opcode);', file: 'hello-func.bpf.c', line: 13, column: 5},
			{insn: 6, source: 'return 0;', file: 'hello-func.bpf.c', line: 14, column: 5},
			{insn: 8, source: 'return ctx->args[1];', file: 'hello-func.bpf.c', line: 7, column: 12},
			{insn: 9, source: 'return ctx->args[1];', file: 'hello-func.bpf.c', line: 7, column: 5},
		],
	}],
};
