// parseObject/loadObjectFile on the test/bpf programs, compiled with clang: the spec must be what
// libbpf would hand the kernel (checked against the real kernel in load-object-kernel.test.ts).

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {internalMapName, objectName} from '../../../source/backends/emulator/elf/global-data.js';
import {readElf} from '../../../source/backends/emulator/elf/reader.js';
import {LoadError, helperIds, loadObjectFile, parseObject, programHelperIds, type ParseOptions} from '../../../source/backends/emulator/load-object.js';
import {parseBtf} from '../../../source/backends/emulator/btf/parse.js';
import {btfTarget} from '../../../source/backends/emulator/kernel-target.js';
import {BtfBuilder} from './btf/builder.js';
import type {BpfObjectSpec, ProgramSpec} from '../../../source/backends/emulator/object.js';
import {MULTIARCH, clangMissing, compileBpf, tempDir} from './elf/toolchain.js';

const missing = clangMissing();
const dir = missing ? undefined : tempDir();
after(() => dir?.remove());

async function load(source: string): Promise<BpfObjectSpec> {
	return loadObjectFile(compileBpf(source, dir!.path));
}

function program(spec: BpfObjectSpec, name: string): ProgramSpec {
	const found = spec.programs.find(p => p.name === name);
	assert.ok(found, `program ${name}`);
	return found;
}

/** The immediate of instruction `index`, and whether it is a bpf-to-bpf call. */
function call(insns: Uint8Array, index: number): {pseudo: boolean; imm: number} {
	return {pseudo: insns[index * 8] === 0x85 && insns[index * 8 + 1]! >> 4 === 1, imm: new DataView(insns.buffer, insns.byteOffset).getInt32(index * 8 + 4, true)};
}

/** What bpftool's JSON xlated dump shows as prototypes and source lines, by instruction slot. */
function fixtureAnnotations(fixture: string) {
	const lines = JSON.parse(readFileSync(new URL(`../../fixtures/bpftool/${fixture}`, import.meta.url), 'utf8')) as Array<{proto?: string; src?: string; disasm: string}>;
	const protos: Array<[number, string]> = [];
	const sources: Array<[number, string]> = [];
	let slot = 0;
	for (const line of lines) {
		if (line.proto) protos.push([slot, line.proto]);
		if (line.src) sources.push([slot, line.src]);
		slot += line.disasm.startsWith('(18)') ? 2 : 1;
	}
	return {protos, sources};
}

function annotations(p: ProgramSpec) {
	return {protos: (p.funcInfo ?? []).map(f => [f.insn, f.proto]), sources: (p.lineInfo ?? []).map(l => [l.insn, l.source])};
}

test('hello.bpf.c: one xdp program, .bss and .rodata maps', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('hello');
	assert.equal(spec.name, 'hello');
	assert.equal(spec.license, 'Dual BSD/GPL');
	assert.equal(spec.programs.length, 1);
	const hello = program(spec, 'hello');
	assert.equal(hello.section, 'xdp');
	assert.equal(hello.type, 'xdp');
	assert.equal(hello.insns.length, 96);
	assert.deepEqual(hello.mapRefs, [
		{insn: 0, map: 'hello.bss', kind: 'value', offset: 0},
		{insn: 3, map: 'hello.rodata', kind: 'value', offset: 0},
	]);
	assert.deepEqual(annotations(hello), fixtureAnnotations('xlated-hello.json'));
	assert.deepEqual(hello.funcInfo?.map(f => f.name), ['hello']);
	assert.deepEqual(hello.lineInfo?.map(l => [l.line, l.file.endsWith('test/bpf/hello.bpf.c')]), [[9, true], [10, true], [11, true]]);

	assert.deepEqual(spec.maps.map(m => ({...m, initialValue: m.initialValue && new TextDecoder().decode(m.initialValue), valueType: undefined})), [
		{name: 'hello.bss', type: 'array', keySize: 4, valueSize: 4, maxEntries: 1, flags: 1024, initialValue: undefined, valueType: undefined},
		{name: 'hello.rodata', type: 'array', keySize: 4, valueSize: 15, maxEntries: 1, flags: 1152, initialValue: 'Hello World %d\0', frozen: true, valueType: undefined},
	]);
	assert.deepEqual(spec.maps[0]?.valueType, {kind: 'datasec', name: '.bss', size: 4, vars: [{name: 'counter', type: {kind: 'int', name: 'int', size: 4, signed: true}, offset: 0, size: 4}]});
	assert.deepEqual(spec.maps[1]?.valueType, {
		kind: 'datasec', name: '.rodata', size: 15,
		vars: [{name: 'hello.____fmt', type: {kind: 'array', elem: {kind: 'int', name: 'char', size: 1, signed: true, char: true}, length: 15}, offset: 0, size: 15}],
	});
	assert.deepEqual(programHelperIds(hello), [6]); // bpf_trace_printk
});

test('hello-func.bpf.c: the subprogram is appended and called with pc+7', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('hello-func');
	const hello = program(spec, 'hello');
	assert.equal(hello.type, 'raw_tracepoint');
	assert.equal(hello.insns.length / 8, 10);
	assert.deepEqual(call(hello.insns, 0), {pseudo: true, imm: 7});
	assert.deepEqual(hello.funcInfo?.map(f => [f.insn, f.name]), [[0, 'hello'], [8, 'get_opcode']]);
	assert.deepEqual(annotations(hello), fixtureAnnotations('xlated-hello-func.json'));
	assert.deepEqual(hello.mapRefs, [{insn: 1, map: 'hello_fu.rodata', kind: 'value', offset: 0}]);
});

test('subprograms.bpf.c: each program gets the subprograms it uses, in first-call order', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('subprograms');
	assert.deepEqual(spec.programs.map(p => [p.name, p.type]), [['xdp_math', 'xdp'], ['tc_math', 'sched_cls']]);
	const xdp = program(spec, 'xdp_math');
	// twice (called first) lands right after the 13 instructions of xdp_math, then sum_of_squares, then square.
	assert.deepEqual(xdp.funcInfo?.map(f => [f.insn, f.name]), [[0, 'xdp_math'], [13, 'twice'], [16, 'sum_of_squares'], [23, 'square']]);
	assert.equal(xdp.insns.length / 8, 26);
	assert.deepEqual(call(xdp.insns, 2), {pseudo: true, imm: 13 - 2 - 1});
	assert.deepEqual(call(xdp.insns, 5), {pseudo: true, imm: 16 - 5 - 1});
	assert.deepEqual(call(xdp.insns, 17), {pseudo: true, imm: 23 - 17 - 1});
	assert.deepEqual(call(xdp.insns, 20), {pseudo: true, imm: 23 - 20 - 1});
	const tc = program(spec, 'tc_math');
	assert.deepEqual(tc.funcInfo?.map(f => [f.insn, f.name]), [[0, 'tc_math'], [10, 'twice']]);
	assert.deepEqual(call(tc.insns, 1), {pseudo: true, imm: 8});
	assert.deepEqual(spec.maps, []);
});

test('callbacks.bpf.c: a callback address becomes a pc-relative BPF_PSEUDO_FUNC load; global subprograms link too', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('callbacks');
	const prog = program(spec, 'sum_indices_with_bpf_loop');
	assert.equal(prog.type, 'tracepoint');
	assert.deepEqual(prog.funcInfo?.map(f => [f.insn, f.name]), [[0, 'sum_indices_with_bpf_loop'], [22, 'add_index'], [29, 'global_double']]);
	// insn 5 is `r2 = add_index ll`: src_reg 4 (BPF_PSEUDO_FUNC), imm relative like a call's.
	assert.equal(prog.insns[5 * 8 + 1]! >> 4, 4);
	assert.equal(call(prog.insns, 5).imm, 22 - 5 - 1);
	assert.deepEqual(call(prog.insns, 11), {pseudo: true, imm: 29 - 11 - 1});
	assert.deepEqual(prog.mapRefs, [{insn: 15, map: 'callback.bss', kind: 'value', offset: 0}]);
	assert.deepEqual(programHelperIds(prog), [181]); // bpf_loop
});

test('globals.bpf.c: .bss, .data, .rodata and .rodata.str1.1 maps with value references', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('globals');
	assert.deepEqual(spec.maps.map(m => [m.name, m.valueSize, m.flags, m.frozen === true, m.valueType?.kind]), [
		['globals.bss', 16, 1024, false, 'datasec'],
		['globals.data', 12, 1024, false, 'datasec'],
		['globals.rodata', 17, 1152, true, 'datasec'],
		['.rodata.str1.1', 15, 1152, true, undefined],
	]);
	const data = spec.maps[1]!;
	assert.deepEqual([...data.initialValue!], [42, 0, 0, 0, ...new TextEncoder().encode('static\0\0')]);
	// clang leaves DATASEC offsets at zero; they come from the ELF symbols, as libbpf fixes them.
	const vars = (name: string) => {
		const type = spec.maps.find(m => m.name === name)?.valueType;
		return type?.kind === 'datasec' ? type.vars.map(v => [v.name, v.offset, v.size]) : undefined;
	};
	assert.deepEqual(vars('globals.bss'), [['packets', 0, 4], ['bytes_seen', 8, 8]]);
	assert.deepEqual(vars('globals.data'), [['threshold', 0, 4], ['tag', 4, 8]]);
	assert.deepEqual(vars('globals.rodata'), [['verbose', 0, 4], ['greeting', 4, 6], ['count_packets.____fmt', 10, 7]]);
	const refs = program(spec, 'count_packets').mapRefs.map(r => [r.map, r.kind, r.offset]);
	assert.deepEqual(new Set(refs.map(r => JSON.stringify(r))), new Set([
		['globals.bss', 'value', 0], ['globals.bss', 'value', 8], ['globals.data', 'value', 0], ['globals.data', 'value', 4],
		['globals.rodata', 'value', 0], ['globals.rodata', 'value', 10], ['.rodata.str1.1', 'value', 0],
	].map(r => JSON.stringify(r))));
});

test('BTF-defined maps: hash, per-CPU array, LRU hash, ring buffer, struct key and value', async t => {
	if (missing) return t.skip(missing);
	const shape = (spec: BpfObjectSpec) => spec.maps.map(m => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags]);
	assert.deepEqual(shape(await load('hash-counters')), [['counts', 'hash', 4, 8, 1024, 1]]);
	assert.deepEqual(shape(await load('percpu-array')), [['stats', 'percpu_array', 4, 16, 4, 0]]);
	assert.deepEqual(shape(await load('lru-hash')), [['recent_opens', 'lru_hash', 8, 8, 512, 0]]);
	// 5000 bytes is rounded up to a power-of-two number of pages.
	const ringbuf = await load('ringbuf');
	assert.deepEqual(shape(ringbuf), [['events', 'ringbuf', 0, 0, 8192, 0]]);
	assert.deepEqual(program(ringbuf, 'on_exec').mapRefs, [{insn: 14, map: 'events', kind: 'fd', offset: 0}]);

	const counters = await load('hash-counters');
	assert.deepEqual(counters.maps[0]?.keyType, {kind: 'int', name: 'unsigned int', size: 4, signed: false});
	assert.deepEqual(counters.maps[0]?.valueType, {kind: 'int', name: 'unsigned long long', size: 8, signed: false});
	assert.deepEqual(programHelperIds(program(counters, 'count_writes')), [8, 1, 2]);

	const flows = (await load('struct-value')).maps[0]!;
	assert.deepEqual([flows.name, flows.keySize, flows.valueSize], ['flows', 8, 40]);
	assert.equal(flows.keyType?.kind, 'struct');
	const value = flows.valueType;
	assert.ok(value?.kind === 'struct');
	assert.deepEqual(value.members.map(m => [m.name, m.type.kind, m.bitOffset, m.bitSize]), [
		['packets', 'int', 0, undefined], ['bytes', 'int', 64, undefined], ['last_len', 'int', 128, undefined],
		['kind', 'int', 160, 4], ['level', 'int', 164, 4], ['verdict', 'enum', 192, undefined], ['label', 'array', 224, undefined],
	]);
});

test('multi-maps.bpf.c: maps in libbpf order, names cut to 15, no BTF types where libbpf drops them', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('multi-maps');
	assert.deepEqual(spec.maps.map(m => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.keyType !== undefined, m.valueType !== undefined]), [
		['config', 'array', 4, 8, 2, false, false],
		['by_pid', 'percpu_hash', 4, 8, 128, true, true],
		['a_map_with_a_lo', 'lru_percpu_hash', 8, 4, 64, true, true],
		['perf_events', 'perf_event_array', 4, 4, 4, false, false],
		['jump_table', 'prog_array', 4, 4, 8, false, false],
	]);
	assert.deepEqual(program(spec, 'many_maps').mapRefs.map(r => r.map), ['config', 'by_pid', 'a_map_with_a_lo', 'perf_events', 'jump_table']);
});

test('legacy maps section (struct bpf_map_def)', async t => {
	if (missing) return t.skip(missing);
	const spec = await load('legacy-maps');
	assert.deepEqual(spec.maps.map(m => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags]), [
		['legacy_counts', 'array', 4, 8, 16, 0],
		['legacy_seen', 'hash', 4, 4, 64, 1],
	]);
	assert.deepEqual(program(spec, 'legacy_prog').mapRefs.map(r => [r.map, r.kind]), [['legacy_counts', 'fd'], ['legacy_seen', 'fd']]);
	assert.equal(program(spec, 'legacy_prog').type, 'socket_filter');
});

test('parsing leaves the input bytes alone and gives the same spec twice', async t => {
	if (missing) return t.skip(missing);
	const bytes = readFileSync(compileBpf('subprograms', dir!.path));
	const before = Buffer.from(bytes);
	const first = parseObject('subprograms.bpf.o', bytes);
	assert.deepEqual(parseObject('subprograms.bpf.o', bytes), first);
	assert.ok(before.equals(bytes));
});

test('object and internal map names follow libbpf', () => {
	assert.equal(objectName('hello.bpf.o'), 'hello');
	assert.equal(objectName('/some/dir/my.prog.bpf.o'), 'my');
	assert.equal(objectName('a_rather_long_object_name.bpf.o'), 'a_rather_long_o');
	assert.equal(internalMapName('hello', '.bss'), 'hello.bss');
	assert.equal(internalMapName('my_object_name', '.rodata'), 'my_objec.rodata');
	assert.equal(internalMapName('my_object_name', '.bss'), 'my_objec.bss');
	assert.equal(internalMapName('my_object_name', '.kconfig'), 'my_obje.kconfig');
	assert.equal(internalMapName('hello-func', '.rodata'), 'hello_fu.rodata');
	assert.equal(internalMapName('hello', '.rodata.str1.1'), '.rodata.str1.1');
	assert.equal(internalMapName('hello', '.rodata.abracadabra'), '.rodata.abracad');
});

test('helperIds skips the second half of ld_imm64 and repeats', () => {
	const insns = new Uint8Array(5 * 8);
	const view = new DataView(insns.buffer);
	insns[0] = 0x18; // ld_imm64 whose second half looks like a call
	insns[8] = 0x85;
	view.setInt32(12, 99, true);
	insns[16] = 0x85;
	view.setInt32(20, 6, true);
	insns[24] = 0x85;
	insns[25] = 0x10; // bpf-to-bpf call: not a helper
	insns[32] = 0x85;
	view.setInt32(36, 6, true);
	assert.deepEqual(helperIds(insns), [6]);
});

/** Compiles a C snippet and expects loading it to fail with `message`. */
async function rejects(name: string, source: string, message: RegExp, options: ParseOptions = {}): Promise<void> {
	const path = join(dir!.path, `${name}.bpf.c`);
	writeFileSync(path, `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${source}\nchar LICENSE[] SEC("license") = "GPL";\n`);
	execFileSync('clang', ['-target', 'bpf', '-g', '-O2', `-I/usr/include/${MULTIARCH}`, '-c', path, '-o', join(dir!.path, `${name}.bpf.o`)], {stdio: 'ignore'});
	await assert.rejects(loadObjectFile(join(dir!.path, `${name}.bpf.o`), options), (error: unknown) => {
		assert.ok(error instanceof LoadError);
		assert.match(error.message, message);
		assert.doesNotMatch(error.message, /\n/);
		return true;
	});
}

test('objects the emulator cannot load are refused with a clear reason', async t => {
	if (missing) return t.skip(missing);
	await rejects('unknown-section', 'SEC("bogus/thing") int f(void *ctx) { return 0; }', /unknown-section\.bpf\.o: program 'f': unknown section 'bogus\/thing'/);
	await rejects('static-prog', 'SEC("xdp") static int f(struct xdp_md *ctx) { return 0; } int keep(void) { return 0; } void *use = f;', /program 'f' in section xdp is static/);
	await rejects('only-text', 'int helper(int x) { return x + 1; }', /no BPF programs/);
	// A kernel with no such kfunc or variable: the load fails as libbpf's does.
	const kernel = btfTarget(parseBtf('kernel', new BtfBuilder().build()), 'a kernel BTF with no types', '6.18.0');
	await rejects('kfunc', 'extern void bpf_no_such_kfunc(void) __ksym;\nSEC("tp_btf/sys_enter") int f(void *ctx) { bpf_no_such_kfunc(); return 0; }', /extern \(func ksym\) 'bpf_no_such_kfunc': not found in kernel or module BTFs/, {target: kernel});
	await rejects('ksym', 'extern const int no_such_var __ksym;\nSEC("tp_btf/sys_enter") int f(void *ctx) { return no_such_var; }', /extern \(var ksym\) 'no_such_var': not found in kernel BTF/, {target: kernel});
	await rejects('kconfig', 'extern int LINUX_NO_SUCH_THING __kconfig;\nSEC("xdp") int f(struct xdp_md *ctx) { return LINUX_NO_SUCH_THING; }', /extern \(kcfg\) 'LINUX_NO_SUCH_THING': unrecognized virtual extern/, {target: kernel});
	await rejects('license-ref', 'SEC("xdp") int f(struct xdp_md *ctx) { extern char LICENSE[]; return LICENSE[0]; }', /ld_imm64 at f\+0 refers to 'LICENSE' in section license, which is not a map/);
	await assert.rejects(loadObjectFile(join(dir!.path, 'nope.bpf.o')), /nope\.bpf\.o: no such file/);
	await assert.rejects(loadObjectFile(dir!.path), /: is a directory$/);
});

test('an unsupported relocation type is refused', async t => {
	if (missing) return t.skip(missing);
	const bytes = new Uint8Array(readFileSync(compileBpf('hello', dir!.path)));
	// Find .relxdp through the reader's view of the file and rewrite its first entry's type.
	const rel = readElf('hello.bpf.o', bytes).sectionByName('.relxdp')!;
	bytes[rel.offset + 8] = 3; // R_BPF_64_ABS32
	assert.throws(() => parseObject('hello.bpf.o', bytes), /^LoadError: hello\.bpf\.o: program 'hello': unsupported relocation type 3 at hello\+0$/);
});
