// The verifier model and the kernel's rewrites on hand-assembled programs: branches decided by
// frozen .rodata, dead code and nops removed, line info kept, map lookups inlined, division
// guarded, poisoned instructions found when reachable.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {POISON_HELPER} from '../../../source/backends/emulator/btf/core.js';
import {patchMapReferences} from '../../../source/backends/emulator/kernel/program.js';
import type {ProgramSpec} from '../../../source/backends/emulator/object.js';
import type {VerifierMap} from '../../../source/backends/emulator/verifier/analyze.js';
import {buildXlated, planXlated, type XlatedEnv} from '../../../source/backends/emulator/verifier/xlated.js';
import {Asm} from '../../../source/backends/emulator/vm/asm.js';
import {decodeAll} from '../../../source/backends/emulator/vm/isa.js';

const RODATA = 7;
const HASH = 8;
const ARRAY = 9;

function maps(rodata: number[]): Map<number, VerifierMap> {
	return new Map<number, VerifierMap>([
		[RODATA, {id: RODATA, type: 'array', keySize: 4, valueSize: rodata.length, maxEntries: 1, readOnly: true, initial: Uint8Array.from(rodata)}],
		[HASH, {id: HASH, type: 'hash', keySize: 4, valueSize: 8, maxEntries: 1024, readOnly: false}],
		[ARRAY, {id: ARRAY, type: 'array', keySize: 4, valueSize: 8, maxEntries: 16, readOnly: false}],
	]);
}

const env = (version: [number, number] = [6, 18]): XlatedEnv => ({version, cpus: 2, programType: 'kprobe'});

function xlated(asm: Asm, rodata: number[] = [0], version: [number, number] = [6, 18]) {
	const built = asm.build();
	const spec: ProgramSpec = {name: 'p', section: 'kprobe/x', type: 'kprobe', insns: built.insns, mapRefs: built.mapRefs, lineInfo: built.lineInfo, funcInfo: built.funcInfo};
	const {insns} = patchMapReferences(spec, new Map([['rodata', RODATA], ['hash', HASH], ['array', ARRAY]]));
	const m = maps(rodata);
	const result = buildXlated(insns, planXlated(insns, m, spec.funcInfo, env(version)), m, spec.funcInfo, spec.lineInfo, env(version));
	return {...result, decoded: decodeAll(result.insns), loaded: insns.length / 8};
}

/** if (flag) { r0 = 1; bpf_ktime_get_ns(); } return 0 — with `flag` a const volatile in .rodata. */
function flagged(): Asm {
	return new Asm()
		.func('p', 'int p(void * ctx)')
		.line('if (flag)')
		.ldMapValue(1, 'rodata', 0)
		.ldx('b', 1, 1, 0)
		.jmp('JEQ', 1, 0, 'out')
		.line('ts = bpf_ktime_get_ns();')
		.mov(0, 1)
		.call(5)
		.label('out')
		.line('return 0;')
		.mov(0, 0)
		.exit();
}

test('a branch decided by frozen .rodata loses its dead side, and the jump goes too', () => {
	const off = xlated(flagged(), [0]);
	// ld_imm64 (2 slots), load, mov, exit: the test, the mov and the call are gone.
	assert.equal(off.insns.length / 8, 5);
	assert.deepEqual(off.decoded.map(i => i.code), [0x18, 0x00, 0x71, 0xb7, 0x95]);
	// The line of the removed code is inherited by the first instruction after it, when that has none.
	assert.deepEqual(off.lineInfo.map(l => [l.insn, l.source]), [[0, 'if (flag)'], [3, 'return 0;']]);
	assert.deepEqual(off.funcInfo.map(f => [f.insn, f.name]), [[0, 'p']]);

	// With the flag set nothing is dead, and the test stays: its target is reached by falling through too.
	const on = xlated(flagged(), [1]);
	assert.equal(on.insns.length / 8, on.loaded);
});

test('map lookups are inlined per map type; a constant key into an array cannot fail on 6.14+', () => {
	const lookup = (map: string) => new Asm()
		.st('w', 10, -4, 0)
		.ldMap(1, map)
		.movr(2, 10)
		.alu64('ADD', 2, -4)
		.call(1)
		.jmp('JEQ', 0, 0, 'missing')
		.ldx('dw', 0, 0, 0)
		.exit()
		.label('missing')
		.mov(0, 1)
		.exit();

	const hash = xlated(lookup('hash'));
	const call = hash.decoded.findIndex(i => i.code === 0x85);
	assert.equal(hash.callNames.get(call), '__htab_map_lookup_elem');
	// call; if r0 == 0 goto +1; r0 += offsetof(struct htab_elem, key) + round_up(4, 8)
	assert.deepEqual(hash.decoded.slice(call + 1, call + 3).map(i => [i.code, i.imm]), [[0x15, 0], [0x07, 56]]);
	assert.equal(hash.insns.length / 8, hash.loaded + 2);

	// The array's lookup becomes arithmetic (7 instructions), and on 6.18 the NULL test is decided:
	// the test and the code only it reached go.
	const array = xlated(lookup('array'));
	assert.equal(array.insns.length / 8, array.loaded + 6 - 1 - 2);
	const old = xlated(lookup('array'), [0], [6, 8]);
	assert.equal(old.insns.length / 8, old.loaded + 6);
});

test('division by a register is guarded; modulo too', () => {
	const div = xlated(new Asm().mov(0, 10).mov(1, 3).alu64r('DIV', 0, 1).exit());
	assert.deepEqual(div.decoded.map(i => i.code), [0xb7, 0xb7, 0x55, 0xac, 0x05, 0x3f, 0x95]);
	const mod = xlated(new Asm().mov(0, 10).mov(1, 3).alu64r('MOD', 0, 1).exit());
	assert.deepEqual(mod.decoded.map(i => i.code), [0xb7, 0xb7, 0x15, 0x9f, 0x95]);
});

test('a poisoned instruction the verifier reaches is reported; one in dead code is removed', () => {
	const poisoned = (guarded: boolean) => {
		const asm = new Asm();
		if (guarded) asm.mov(1, 0).jmp('JEQ', 1, 0, 'out');
		asm.raw({code: 0x85, dst: 0, src: 0, off: 0, imm: POISON_HELPER}).label('out').mov(0, 0).exit();
		return xlated(asm);
	};

	assert.deepEqual(poisoned(false).poisonedReached, [0]);
	const dead = poisoned(true);
	assert.deepEqual(dead.poisonedReached, []);
	assert.ok(!dead.decoded.some(i => i.imm === POISON_HELPER));
});

test('a NULL check on a lookup stays: both sides are reachable', () => {
	const program = new Asm()
		.st('w', 10, -4, 1)
		.ldMap(1, 'hash')
		.movr(2, 10)
		.alu64('ADD', 2, -4)
		.call(1)
		.jmp('JNE', 0, 0, 'found')
		.mov(0, 0)
		.exit()
		.label('found')
		.ldx('dw', 0, 0, 0)
		.exit();
	const result = xlated(program);
	assert.equal(result.insns.length / 8, result.loaded + 2);
	assert.ok(result.complete);
});

test('bpf_loop with flags 0 becomes a counted loop that calls the callback', () => {
	const program = new Asm()
		.func('p', 'int p(void * ctx)')
		.mov(1, 10)
		.ldImm64(2, 5n, 4) // the callback's address: 1 + 5 + 1 = instruction 7
		.mov(3, 0)
		.mov(4, 0)
		.call(181)
		.exit()
		.func('cb', 'static long cb(u32 index, void * ctx)')
		.mov(0, 0)
		.exit();
	const result = xlated(program);
	assert.equal(result.insns.length / 8, result.loaded + 18);
	// The callback moved down by the 18 new instructions; the loop's call (12 into the patch) lands on it.
	assert.deepEqual(result.funcInfo.map(f => [f.insn, f.name]), [[0, 'p'], [25, 'cb']]);
	const call = result.decoded[5 + 12]!;
	assert.deepEqual([call.code, call.src, 5 + 12 + call.imm + 1], [0x85, 1, 25]);
});
