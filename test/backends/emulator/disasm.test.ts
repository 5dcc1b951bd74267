// The disassembler against lines bpftool printed for real programs on this kernel.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {disasm} from '../../../source/backends/emulator/bpftool/disasm.js';
import type {Insn} from '../../../source/backends/emulator/vm/isa.js';

const I = (code: number, dst: number, src: number, off: number, imm: number): Insn => ({code, dst, src, off, imm});

const REAL: Array<[Insn, string, Insn?]> = [
	[I(0xbf, 6, 1, 0, 0), '(bf) r6 = r1'],
	[I(0x69, 1, 6, 176, 0), '(69) r1 = *(u16 *)(r6 +176)'],
	[I(0x63, 10, 1, -4, 0), '(63) *(u32 *)(r10 -4) = r1'],
	[I(0xb7, 7, 0, 0, 1), '(b7) r7 = 1'],
	[I(0x7b, 10, 7, -16, 0), '(7b) *(u64 *)(r10 -16) = r7'],
	[I(0x07, 2, 0, 0, -4), '(07) r2 += -4'],
	[I(0x15, 0, 0, 1, 0), '(15) if r0 == 0x0 goto pc+1'],
	[I(0xdb, 0, 7, 0, 0), '(db) lock *(u64 *)(r0 +0) += r7'],
	[I(0x05, 0, 0, 8, 0), '(05) goto pc+8'],
	[I(0x35, 0, 0, 5, 2), '(35) if r0 >= 0x2 goto pc+5'],
	[I(0x67, 0, 0, 0, 3), '(67) r0 <<= 3'],
	[I(0x0f, 0, 1, 0, 0), '(0f) r0 += r1'],
	[I(0x79, 0, 0, 0, 0), '(79) r0 = *(u64 *)(r0 +0)'],
	[I(0x18, 1, 0, 0, 0x0000_0001), '(18) r1 = 0x3000200000001', I(0, 0, 0, 0, 0x0003_0002)],
	[I(0x18, 1, 1, 0, 13), '(18) r1 = map[id:13]', I(0, 0, 0, 0, 0)],
	[I(0x18, 6, 2, 0, 5), '(18) r6 = map[id:5][0]+0', I(0, 0, 0, 0, 0)],
	[I(0x71, 1, 0, 35, 0), '(71) r1 = *(u8 *)(r0 +35)'],
	[I(0x55, 1, 0, 1, 0), '(55) if r1 != 0x0 goto pc+1'],
	[I(0x72, 0, 0, 35, 1), '(72) *(u8 *)(r0 +35) = 1'],
	[I(0x61, 1, 6, 112, 0), '(61) r1 = *(u32 *)(r6 +112)'],
	[I(0xc7, 1, 0, 0, 56), '(c7) r1 s>>= 56'],
	[I(0x85, 0, 0, 0, 12), '(85) call bpf_tail_call#12'],
	[I(0x85, 0, 0, 0, 6), '(85) call bpf_trace_printk#-63248'],
	[I(0x95, 0, 0, 0, 0), '(95) exit'],
];

test('instructions print as bpftool prints them', () => {
	for (const [insn, expected, next] of REAL) assert.equal(disasm(insn, next, 0), expected);
});

test('the other forms follow kernel/bpf/disasm.c', () => {
	assert.equal(disasm(I(0x04, 1, 0, 0, 5), undefined, 0), '(04) w1 += 5');
	assert.equal(disasm(I(0x84, 1, 0, 0, 0), undefined, 0), '(84) w1 = -w1');
	assert.equal(disasm(I(0xdc, 1, 0, 0, 16), undefined, 0), '(dc) r1 = be16 r1');
	assert.equal(disasm(I(0xd4, 1, 0, 0, 32), undefined, 0), '(d4) r1 = le32 r1');
	assert.equal(disasm(I(0xd7, 1, 0, 0, 64), undefined, 0), '(d7) r1 = bswap64 r1');
	assert.equal(disasm(I(0x3f, 1, 2, 1, 0), undefined, 0), '(3f) r1 s/= r2');
	assert.equal(disasm(I(0xbf, 1, 2, 8, 0), undefined, 0), '(bf) r1 = (s8)r2');
	assert.equal(disasm(I(0x2e, 1, 2, -3, 0), undefined, 0), '(2e) if w1 > w2 goto pc-3');
	assert.equal(disasm(I(0xc3, 1, 2, 8, 0x01), undefined, 0), '(c3) r2 = atomic_fetch_add((u32 *)(r1 +8), r2)');
	assert.equal(disasm(I(0xdb, 1, 2, 0, 0xe1), undefined, 0), '(db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)');
	assert.equal(disasm(I(0xdb, 1, 2, 0, 0xf1), undefined, 0), '(db) r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)');
	assert.equal(disasm(I(0x91, 1, 2, -2, 0), undefined, 0), '(91) r1 = *(s8 *)(r2 -2)');
	assert.equal(disasm(I(0x85, 0, 1, 0, 7), undefined, 0, {callTarget: () => 'bpf_prog_5cad2933ce89558f_get_opcode'}), '(85) call pc+7#bpf_prog_5cad2933ce89558f_get_opcode');
});
