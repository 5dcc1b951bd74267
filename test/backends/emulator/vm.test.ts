import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Asm} from '../../../source/backends/emulator/vm/asm.js';
import {prepareProgram} from '../../../source/backends/emulator/vm/program.js';
import {Memory} from '../../../source/backends/emulator/vm/memory.js';
import {bareVm, r0, run} from './vm-harness.js';

const M64 = (1n << 64n) - 1n;

test('ALU64 arithmetic wraps at 64 bits', () => {
	assert.equal(r0(a => a.mov(0, -1).alu64('ADD', 0, 2).exit()), 1n);
	assert.equal(r0(a => a.mov(0, 0).alu64('SUB', 0, 1).exit()), M64);
	assert.equal(r0(a => a.ldImm64(0, 0x1_0000_0000n).alu64('MUL', 0, 0x10).exit()), 0x10_0000_0000n);
	assert.equal(r0(a => a.mov(0, 7).alu64('NEG', 0, 0).exit()), BigInt.asUintN(64, -7n));
	assert.equal(r0(a => a.mov(0, 0xf0).alu64('OR', 0, 0x0f).alu64('AND', 0, 0x3c).alu64('XOR', 0, 0xff).exit()), 0xc3n);
	assert.equal(r0(a => a.mov(1, 6).mov(0, 7).alu64r('MUL', 0, 1).exit()), 42n);
});

test('ALU32 ops zero-extend and wrap at 32 bits', () => {
	assert.equal(r0(a => a.mov(0, -1).alu32('ADD', 0, 1).exit()), 0n);
	assert.equal(r0(a => a.mov(0, -1).alu32('MOV', 0, -1).exit()), 0xffff_ffffn);
	assert.equal(r0(a => a.ldImm64(0, 0xdead_beef_0000_0005n).alu32('ADD', 0, 1).exit()), 6n);
	assert.equal(r0(a => a.mov(0, 0).alu32('SUB', 0, 1).exit()), 0xffff_ffffn);
	assert.equal(r0(a => a.mov(0, 5).alu32('NEG', 0, 0).exit()), 0xffff_fffbn);
});

test('division and modulo by zero follow the kernel', () => {
	assert.equal(r0(a => a.mov(0, 9).mov(1, 0).alu64r('DIV', 0, 1).exit()), 0n);
	assert.equal(r0(a => a.mov(0, 9).mov(1, 0).alu64r('MOD', 0, 1).exit()), 9n);
	assert.equal(r0(a => a.ldImm64(0, 0x1_0000_0009n).mov(1, 0).alu32r('MOD', 0, 1).exit()), 9n);
	assert.equal(r0(a => a.ldImm64(0, 0x1_0000_0009n).mov(1, 0).alu32r('DIV', 0, 1).exit()), 0n);
	assert.equal(r0(a => a.mov(0, 17).alu64('DIV', 0, 5).exit()), 3n);
	assert.equal(r0(a => a.mov(0, 17).alu64('MOD', 0, 5).exit()), 2n);
	// Unsigned: -1 / 2 is huge.
	assert.equal(r0(a => a.mov(0, -1).alu64('DIV', 0, 2).exit()), M64 >> 1n);
});

test('signed div/mod (off=1) and movsx', () => {
	const sdiv = {code: 0x37, dst: 0, src: 0, off: 1, imm: 2};
	assert.equal(r0(a => a.mov(0, -7).raw(sdiv).exit()), BigInt.asUintN(64, -3n));
	const smod = {code: 0x97, dst: 0, src: 0, off: 1, imm: 2};
	assert.equal(r0(a => a.mov(0, -7).raw(smod).exit()), BigInt.asUintN(64, -1n));
	const movsx8 = {code: 0xbf, dst: 0, src: 1, off: 8, imm: 0};
	assert.equal(r0(a => a.mov(1, 0x80).raw(movsx8).exit()), BigInt.asUintN(64, -128n));
	const movsx32w = {code: 0xbc, dst: 0, src: 1, off: 16, imm: 0};
	assert.equal(r0(a => a.mov(1, 0xffff).raw(movsx32w).exit()), 0xffff_ffffn);
});

test('shifts are masked to the operand width', () => {
	assert.equal(r0(a => a.mov(0, 1).alu64('LSH', 0, 65).exit()), 2n);
	assert.equal(r0(a => a.mov(0, 1).alu32('LSH', 0, 33).exit()), 2n);
	assert.equal(r0(a => a.mov(0, 1).alu32('LSH', 0, 31).exit()), 0x8000_0000n);
	assert.equal(r0(a => a.mov(0, -16).alu64('ARSH', 0, 2).exit()), BigInt.asUintN(64, -4n));
	assert.equal(r0(a => a.mov(0, -16).alu32('ARSH', 0, 2).exit()), 0xffff_fffcn);
	assert.equal(r0(a => a.mov(0, -16).alu64('RSH', 0, 60).exit()), 0xfn);
});

test('endianness conversions and bswap', () => {
	assert.equal(r0(a => a.ldImm64(0, 0x1122_3344_5566_7788n).endian(0, 16, 'be').exit()), 0x8877n);
	assert.equal(r0(a => a.ldImm64(0, 0x1122_3344_5566_7788n).endian(0, 32, 'be').exit()), 0x8877_6655n);
	assert.equal(r0(a => a.ldImm64(0, 0x1122_3344_5566_7788n).endian(0, 64, 'be').exit()), 0x8877_6655_4433_2211n);
	assert.equal(r0(a => a.ldImm64(0, 0x1122_3344_5566_7788n).endian(0, 16, 'le').exit()), 0x7788n);
	const bswap32 = {code: 0xd7, dst: 0, src: 0, off: 0, imm: 32};
	assert.equal(r0(a => a.ldImm64(0, 0x1122_3344_5566_7788n).raw(bswap32).exit()), 0x8877_6655n);
});

test('conditional jumps, signed and unsigned, 64 and 32 bit', () => {
	const cond = (build: (a: Asm) => void) => r0(a => {
		a.mov(0, 0);
		build(a);
		a.exit().label('yes').mov(0, 1).exit();
	});
	assert.equal(cond(a => a.mov(1, -1).jmp('JGT', 1, 5, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, -1).jmp('JSGT', 1, 5, 'yes')), 0n);
	assert.equal(cond(a => a.mov(1, -1).jmp('JSLT', 1, 0, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, 5).jmp('JSLE', 1, 5, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, 5).jmp('JSGE', 1, 6, 'yes')), 0n);
	assert.equal(cond(a => a.mov(1, 5).jmp('JLT', 1, 6, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, 5).jmp('JLE', 1, 4, 'yes')), 0n);
	assert.equal(cond(a => a.mov(1, 5).jmp('JGE', 1, 5, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, 6).jmp('JSET', 1, 2, 'yes')), 1n);
	assert.equal(cond(a => a.mov(1, 6).jmp('JNE', 1, 6, 'yes')), 0n);
	assert.equal(cond(a => a.mov(1, 6).mov(2, 6).jmpr('JEQ', 1, 2, 'yes')), 1n);
	// JMP32 compares the low halves only.
	assert.equal(cond(a => a.ldImm64(1, 0x5_0000_0007n).jmp32('JEQ', 1, 7, 'yes')), 1n);
	assert.equal(cond(a => a.ldImm64(1, 0x0_ffff_ffffn).jmp32('JSLT', 1, 0, 'yes')), 1n);
	assert.equal(cond(a => a.ldImm64(1, 0x0_ffff_ffffn).jmp('JSLT', 1, 0, 'yes')), 0n);
	assert.equal(cond(a => a.ja('yes')), 1n);
});

test('loads and stores of every width, with sign-extending loads', () => {
	assert.equal(r0(a => a.ldImm64(1, 0x1122_3344_5566_7788n).stx('dw', 10, -8, 1).ldx('w', 0, 10, -8).exit()), 0x5566_7788n);
	assert.equal(r0(a => a.ldImm64(1, 0x1122_3344_5566_7788n).stx('dw', 10, -8, 1).ldx('h', 0, 10, -6).exit()), 0x5566n);
	assert.equal(r0(a => a.ldImm64(1, 0x1122_3344_5566_7788n).stx('dw', 10, -8, 1).ldx('b', 0, 10, -1).exit()), 0x11n);
	assert.equal(r0(a => a.st('dw', 10, -8, -2).ldx('dw', 0, 10, -8).exit()), BigInt.asUintN(64, -2n));
	assert.equal(r0(a => a.st('w', 10, -4, -2).ldx('w', 0, 10, -4).exit()), 0xffff_fffen);
	assert.equal(r0(a => a.st('h', 10, -2, 0x8001).ldxs('h', 0, 10, -2).exit()), BigInt.asUintN(64, -0x7fffn));
	assert.equal(r0(a => a.st('b', 10, -1, 0xff).ldxs('b', 0, 10, -1).exit()), M64);
	assert.equal(r0(a => a.st('w', 10, -4, -1).ldxs('w', 0, 10, -4).exit()), M64);
	assert.equal(r0(a => a.mov(1, 0x1ff).stx('b', 10, -1, 1).ldx('b', 0, 10, -1).exit()), 0xffn);
});

test('atomics: add/or/and/xor with and without fetch, xchg, cmpxchg', () => {
	const withSlot = (init: number, body: (a: Asm) => void) => r0(a => {
		a.st('dw', 10, -8, init);
		body(a);
	});
	assert.equal(withSlot(5, a => a.mov(1, 3).atomic('dw', 'ADD', 10, -8, 1).ldx('dw', 0, 10, -8).exit()), 8n);
	assert.equal(withSlot(5, a => a.mov(1, 3).atomic('dw', 'ADD', 10, -8, 1, true).movr(0, 1).exit()), 5n);
	assert.equal(withSlot(5, a => a.mov(1, 2).atomic('w', 'OR', 10, -8, 1).ldx('dw', 0, 10, -8).exit()), 7n);
	assert.equal(withSlot(6, a => a.mov(1, 3).atomic('dw', 'AND', 10, -8, 1, true).ldx('dw', 0, 10, -8).alu64r('ADD', 0, 1).exit()), 2n + 6n);
	assert.equal(withSlot(6, a => a.mov(1, 3).atomic('dw', 'XOR', 10, -8, 1).ldx('dw', 0, 10, -8).exit()), 5n);
	assert.equal(withSlot(6, a => a.mov(1, 9).atomic('dw', 'XCHG', 10, -8, 1).ldx('dw', 0, 10, -8).alu64('MUL', 0, 100).alu64r('ADD', 0, 1).exit()), 906n);
	// cmpxchg: swaps when r0 matches, and r0 gets the old value either way.
	assert.equal(withSlot(6, a => a.mov(0, 6).mov(1, 8).atomic('dw', 'CMPXCHG', 10, -8, 1).ldx('dw', 2, 10, -8).alu64('MUL', 0, 100).alu64r('ADD', 0, 2).exit()), 608n);
	assert.equal(withSlot(6, a => a.mov(0, 5).mov(1, 8).atomic('dw', 'CMPXCHG', 10, -8, 1).ldx('dw', 2, 10, -8).alu64('MUL', 0, 100).alu64r('ADD', 0, 2).exit()), 606n);
	// 32-bit fetch zero-extends the old value.
	assert.equal(withSlot(-1, a => a.mov(1, 1).atomic('w', 'ADD', 10, -8, 1, true).movr(0, 1).exit()), 0xffff_ffffn);
});

test('bpf-to-bpf calls get their own stack and keep r6-r9', () => {
	const result = r0(a => {
		a.mov(6, 100).st('dw', 10, -8, 7).mov(1, 5).callLocal('sub');
		// r0 from the callee, r6 preserved, our stack slot untouched.
		a.alu64r('ADD', 0, 6).ldx('dw', 1, 10, -8).alu64r('ADD', 0, 1).exit();
		a.label('sub').mov(6, 1000).st('dw', 10, -8, 99).movr(0, 1).alu64('MUL', 0, 2).exit();
	});
	assert.equal(result, 10n + 100n + 7n);
});

test('out-of-bounds access ends the run with an error', () => {
	const below = run(a => a.ldx('dw', 0, 10, -520).exit());
	assert.match(below.error ?? '', /invalid (memory )?access/);
	const above = run(a => a.ldx('w', 0, 10, 0).exit());
	assert.match(above.error ?? '', /invalid access/);
	const wild = run(a => a.mov(1, 1234).ldx('w', 0, 1, 0).exit());
	assert.match(wild.error ?? '', /invalid memory access/);
});

test('unknown helpers, bad opcodes and endless loops are errors', () => {
	assert.match(run(a => a.call(9999).exit()).error ?? '', /unknown helper 9999/);
	assert.match(run(a => a.raw({code: 0xff, dst: 0, src: 0, off: 0, imm: 0}).exit()).error ?? '', /unknown opcode/);
	assert.match(run(a => a.label('top').ja('top')).error ?? '', /instruction limit/);
});

test('the instruction count counts ld_imm64 once', () => {
	const result = run(a => a.ldImm64(0, 5n).exit());
	assert.equal(result.insns, 2);
});

test('trace_printk formats from memory and writes a trace_pipe line', () => {
	const {memory, trace, interpreter} = bareVm();
	const fmt = memory.alloc('map_value', new Uint8Array(Buffer.from('Hello %d %s %x %%\0', 'latin1')), false);
	const text = memory.alloc('map_value', new Uint8Array(Buffer.from('abc\0', 'latin1')), false);
	const a = new Asm();
	a.ldImm64(1, BigInt(Memory.address(fmt))).mov(2, fmt.bytes.length).mov(3, -5).ldImm64(4, BigInt(Memory.address(text))).mov(5, 255).call(6).exit();
	const result = interpreter.run(prepareProgram("p", a.build().insns), 0);
	assert.equal(result.error, undefined);
	assert.deepEqual(trace, ['          tester-42      [001] ...21     5.000000: bpf_trace_printk: Hello -5 abc ff %']);
});

test('probe_read copies emulated memory and zero-fills what it cannot read', () => {
	// Copy 8 bytes from fp-8 to fp-16, then read them back.
	assert.equal(r0(a => a.st('dw', 10, -8, 1234).movr(1, 10).alu64('ADD', 1, -16).mov(2, 8).movr(3, 10).alu64('ADD', 3, -8).call(113).ldx('dw', 0, 10, -16).exit()), 1234n);
	// A wild source address reads as zeroes, without faulting.
	assert.equal(r0(a => a.st('dw', 10, -16, 5).movr(1, 10).alu64('ADD', 1, -16).mov(2, 8).mov(3, 77).call(113).ldx('dw', 0, 10, -16).exit()), 0n);
	// The _str variant returns the length including the NUL.
	assert.equal(r0(a => a.st('dw', 10, -8, 0x6968).movr(1, 10).alu64('ADD', 1, -16).mov(2, 8).movr(3, 10).alu64('ADD', 3, -8).call(115).exit()), 3n);
});
