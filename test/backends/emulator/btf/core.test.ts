// CO-RE relocations, kind by kind, on hand-made BTF: a program's local view of `struct task` and a
// kernel whose `struct task` moved, grew, renamed and reordered things — what libbpf computes and
// how it patches (or poisons) the instruction.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CoreError, CoreKind, CoreResolver, POISON_HELPER, patchInsn, type CoreRelocation} from '../../../../source/backends/emulator/btf/core.js';
import {indexBtf, parseBtf} from '../../../../source/backends/emulator/btf/parse.js';
import {BtfBuilder} from './builder.js';

const SIGNED = 1;

function localBtf() {
	const b = new BtfBuilder();
	const int = b.int('int', 4, SIGNED);
	const u32 = b.int('unsigned int', 4);
	const u64 = b.int('unsigned long long', 8);
	const char = b.int('char', 1, SIGNED);
	const idx = b.int('__ARRAY_SIZE_TYPE__', 4);
	const comm = b.array(char, idx, 16);
	const anon = b.struct('', 4, [{name: 'inner', type: int, bitOffset: 0}]);
	const task = b.struct('task', 32, [
		{name: 'pid', type: int, bitOffset: 0},
		{name: 'flags', type: u32, bitOffset: 32, bitSize: 3},
		{name: 'other', type: u32, bitOffset: 35, bitSize: 5},
		{name: 'comm', type: comm, bitOffset: 64},
		{name: '', type: anon, bitOffset: 192},
		{name: 'gone', type: int, bitOffset: 224},
	]);
	const old = b.struct('task___old', 8, [{name: 'state', type: u64, bitOffset: 0}]);
	const state = b.enum('state', 4, [['RUNNING', 0], ['SLEEPING', 1], ['ZOMBIE', 2]]);
	const counter = b.struct('counter', 8, [{name: 'count', type: u32, bitOffset: 0}, {name: 'level', type: int, bitOffset: 32}]);
	const pair = b.struct('pair', 16, [{name: 'a', type: int, bitOffset: 0}, {name: 'b', type: u64, bitOffset: 64}]);
	const missing = b.struct('nothere', 4, [{name: 'x', type: int, bitOffset: 0}]);
	return {btf: parseBtf('local.o', b.build()), ids: {task, old, state, counter, pair, missing}};
}

function kernelBtf(options: {ambiguous?: boolean; pairMismatch?: boolean} = {}) {
	const b = new BtfBuilder();
	const int = b.int('int', 4, SIGNED);
	const u32 = b.int('unsigned int', 4);
	const u64 = b.int('unsigned long long', 8);
	const s64 = b.int('long long', 8, SIGNED);
	const char = b.int('char', 1, SIGNED);
	const idx = b.int('__ARRAY_SIZE_TYPE__', 4);
	const comm = b.array(char, idx, 16);
	const anon = b.struct('', 4, [{name: 'inner', type: int, bitOffset: 0}], true);
	const task = b.struct('task', 48, [
		{name: 'pad', type: u64, bitOffset: 0},
		{name: 'pid', type: int, bitOffset: 64},
		{name: 'comm', type: comm, bitOffset: 96},
		{name: 'other', type: u32, bitOffset: 224, bitSize: 5},
		{name: 'flags', type: u32, bitOffset: 229, bitSize: 3},
		{name: '', type: anon, bitOffset: 256},
		{name: 'new_field', type: u64, bitOffset: 320},
	]);
	if (options.ambiguous) b.struct('task___v2', 16, [{name: 'pid', type: int, bitOffset: 96}]);
	const state = b.enum('state', 4, [['SLEEPING', 5], ['RUNNING', 7]]);
	b.struct('counter', 16, [{name: 'count', type: u64, bitOffset: 0}, {name: 'level', type: s64, bitOffset: 64}]);
	b.struct('pair', 24, [{name: 'b', type: u64, bitOffset: 0}, {name: 'a', type: options.pairMismatch ? u64 : int, bitOffset: 64}, {name: 'c', type: int, bitOffset: 128}]);
	const bytes = b.build();
	return {btf: indexBtf('vmlinux', bytes), ids: {task, state}, bytes};
}

const relo = (typeId: number, access: string, kind: number): CoreRelocation => ({insnOff: 0, typeId, access, kind});

/** One instruction: code, dst/src, off, imm. */
function insn(code: number, off = 0, imm = 0, regs = 0x12): Uint8Array {
	const bytes = new Uint8Array(16);
	const view = new DataView(bytes.buffer);
	view.setUint8(0, code);
	view.setUint8(1, regs);
	view.setInt16(2, off, true);
	view.setInt32(4, imm, true);
	return bytes;
}

const off = (bytes: Uint8Array) => new DataView(bytes.buffer).getInt16(2, true);
const imm = (bytes: Uint8Array, at = 0) => new DataView(bytes.buffer).getInt32(at + 4, true);
const LDX_W = 0x61;
const LDX_DW = 0x79;
const MOV_IMM = 0xb7;
const ADD_IMM = 0x07;

test('field byte offset: a load follows its field to where the kernel keeps it', () => {
	const local = localBtf();
	const kernel = kernelBtf();
	const core = new CoreResolver(local.btf, kernel.btf);
	const result = core.resolve(relo(local.ids.task, '0:0', CoreKind.FIELD_BYTE_OFFSET));
	assert.equal(result.origVal, 0n);
	assert.equal(result.newVal, 8n);
	const load = insn(LDX_W, 0);
	assert.equal(patchInsn(load, 0, result), 'patched');
	assert.equal(off(load), 8);

	// An address computation (rX += offset) through an array element: comm[3].
	const element = core.resolve(relo(local.ids.task, '0:3:3', CoreKind.FIELD_BYTE_OFFSET));
	const add = insn(ADD_IMM, 0, 11);
	patchInsn(add, 0, element);
	assert.equal(imm(add), 15);

	// Through an anonymous struct in the program, an anonymous union in the kernel.
	assert.equal(core.resolve(relo(local.ids.task, '0:4:0', CoreKind.FIELD_BYTE_OFFSET)).newVal, 32n);
	// The instruction must hold what the program's own types say, or libbpf stops.
	assert.throws(() => patchInsn(insn(LDX_W, 4), 0, result), (error: unknown) => error instanceof CoreError && /unexpected insn #0 \(LDX\/ST\/STX\) value: got 4, exp 0 -> 8/.test(error.message));
	assert.equal(core.describe(relo(local.ids.task, '0:3:3', CoreKind.FIELD_BYTE_OFFSET)), '<byte_off> [' + local.ids.task + '] struct task.comm[3] (0:3:3 @ offset 11)');
});

test('field size, existence and signedness', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf().btf);
	assert.equal(core.resolve(relo(local.ids.task, '0:3', CoreKind.FIELD_BYTE_SIZE)).newVal, 16n);
	assert.equal(core.resolve(relo(local.ids.task, '0:0', CoreKind.FIELD_EXISTS)).newVal, 1n);
	const gone = core.resolve(relo(local.ids.task, '0:5', CoreKind.FIELD_EXISTS));
	assert.deepEqual([gone.origVal, gone.newVal, gone.poison], [1n, 0n, false]);
	assert.equal(core.resolve(relo(local.ids.task, '0:0', CoreKind.FIELD_SIGNED)).newVal, 1n);
	assert.equal(core.resolve(relo(local.ids.task, '0:1', CoreKind.FIELD_SIGNED)).newVal, 0n);
	const mov = insn(MOV_IMM, 0, 16);
	patchInsn(mov, 0, core.resolve(relo(local.ids.task, '0:3', CoreKind.FIELD_BYTE_SIZE)));
	assert.equal(imm(mov), 16);
});

test('bitfields: the load window and the shifts that extract the field', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf().btf);
	const flags = (kind: number) => core.resolve(relo(local.ids.task, '0:1', kind));
	// Locally bits 32–34: a 4-byte load at 4, shifted left 61 and right 61.
	assert.deepEqual([flags(CoreKind.FIELD_BYTE_OFFSET).origVal, flags(CoreKind.FIELD_LSHIFT_U64).origVal, flags(CoreKind.FIELD_RSHIFT_U64).origVal], [4n, 61n, 61n]);
	// In the kernel bits 229–231: the 4-byte word at 28, left 56, right 61; offset and size are not validated.
	assert.deepEqual([flags(CoreKind.FIELD_BYTE_OFFSET).newVal, flags(CoreKind.FIELD_BYTE_SIZE).newVal, flags(CoreKind.FIELD_LSHIFT_U64).newVal, flags(CoreKind.FIELD_RSHIFT_U64).newVal], [28n, 4n, 56n, 61n]);
	assert.equal(flags(CoreKind.FIELD_BYTE_OFFSET).validate, false);
	assert.equal(flags(CoreKind.FIELD_RSHIFT_U64).validate, true);
});

test('a field the kernel lacks poisons its instruction; a flavor matches its base name only', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf().btf);
	const load = insn(LDX_W, 0x1c);
	assert.equal(patchInsn(load, 0, core.resolve(relo(local.ids.task, '0:5', CoreKind.FIELD_BYTE_OFFSET))), 'poisoned');
	assert.deepEqual([load[0], imm(load)], [0x85, POISON_HELPER]);
	// task___old looks for 'state' in the kernel's `struct task`, which has none.
	assert.equal(core.resolve(relo(local.ids.old, '0:0', CoreKind.FIELD_EXISTS)).newVal, 0n);
	assert.equal(core.resolve(relo(local.ids.old, '0:0', CoreKind.FIELD_BYTE_OFFSET)).poison, true);
	// A 64-bit load is poisoned in both halves.
	const wide = new Uint8Array(16);
	wide[0] = 0x18;
	patchInsn(wide, 0, core.resolve(relo(local.ids.state, '2', CoreKind.ENUMVAL_VALUE)));
	assert.deepEqual([wide[0], imm(wide), wide[8], imm(wide, 8)], [0x85, POISON_HELPER, 0x85, POISON_HELPER]);
});

test('loads change size only for unsigned integers and pointers', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf().btf);
	const count = insn(LDX_W, 0);
	patchInsn(count, 0, core.resolve(relo(local.ids.counter, '0:0', CoreKind.FIELD_BYTE_OFFSET)));
	assert.equal(count[0], LDX_DW);
	// A signed int read as 4 bytes cannot become an 8-byte read: poisoned.
	const level = insn(LDX_W, 4);
	assert.equal(patchInsn(level, 0, core.resolve(relo(local.ids.counter, '0:1', CoreKind.FIELD_BYTE_OFFSET))), 'poisoned');
});

test('type relocations: ids, existence, size and matches', () => {
	const local = localBtf();
	const kernel = kernelBtf();
	const core = new CoreResolver(local.btf, kernel.btf);
	assert.equal(core.resolve(relo(local.ids.task, '0', CoreKind.TYPE_ID_LOCAL)).newVal, BigInt(local.ids.task));
	assert.equal(core.resolve(relo(local.ids.task, '0', CoreKind.TYPE_ID_TARGET)).newVal, BigInt(kernel.ids.task));
	assert.equal(core.resolve(relo(local.ids.task, '0', CoreKind.TYPE_EXISTS)).newVal, 1n);
	assert.equal(core.resolve(relo(local.ids.missing, '0', CoreKind.TYPE_EXISTS)).newVal, 0n);
	assert.deepEqual([core.resolve(relo(local.ids.task, '0', CoreKind.TYPE_SIZE)).origVal, core.resolve(relo(local.ids.task, '0', CoreKind.TYPE_SIZE)).newVal], [32n, 48n]);
	assert.equal(core.resolve(relo(local.ids.pair, '0', CoreKind.TYPE_MATCHES)).newVal, 1n);
	const mismatch = new CoreResolver(local.btf, kernelBtf({pairMismatch: true}).btf);
	assert.equal(mismatch.resolve(relo(local.ids.pair, '0', CoreKind.TYPE_MATCHES)).newVal, 0n);
	assert.throws(() => core.resolve(relo(local.ids.task, '0:1', CoreKind.TYPE_EXISTS)), /parsing \[\d+\] struct task \+ 0:1 failed: -22/);
});

test('enum values: existence and the kernel’s value', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf().btf);
	assert.equal(core.resolve(relo(local.ids.state, '0', CoreKind.ENUMVAL_EXISTS)).newVal, 1n);
	assert.equal(core.resolve(relo(local.ids.state, '2', CoreKind.ENUMVAL_EXISTS)).newVal, 0n);
	const running = core.resolve(relo(local.ids.state, '0', CoreKind.ENUMVAL_VALUE));
	assert.deepEqual([running.origVal, running.newVal], [0n, 7n]);
	const wide = new Uint8Array(16);
	wide[0] = 0x18;
	patchInsn(wide, 0, running);
	assert.equal(imm(wide), 7);
	assert.equal(core.resolve(relo(local.ids.state, '2', CoreKind.ENUMVAL_VALUE)).poison, true);
});

test('candidates that disagree are refused, as libbpf refuses them', () => {
	const local = localBtf();
	const core = new CoreResolver(local.btf, kernelBtf({ambiguous: true}).btf);
	assert.throws(() => core.resolve(relo(local.ids.task, '0:0', CoreKind.FIELD_BYTE_OFFSET)), (error: unknown) => error instanceof CoreError && /field offset ambiguity: 96 != 64/.test(error.message));
});

test('the kernel BTF index finds types by essential name without decoding the rest', () => {
	const {btf, ids, bytes} = kernelBtf({ambiguous: true});
	assert.deepEqual(btf.byEssentialName('task').map(id => btf.nameOf(id)), ['task', 'task___v2']);
	assert.deepEqual(btf.byName('task'), [ids.task]);
	assert.deepEqual(btf.byName('no_such_type'), []);
	// Decoded on demand, a record is what a whole parse makes of it.
	assert.deepEqual(btf.type(ids.task), parseBtf('x', bytes).types[ids.task]);
});
