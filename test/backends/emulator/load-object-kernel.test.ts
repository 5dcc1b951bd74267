// Fidelity: what parseObject predicts for each test/bpf program must be what the real kernel shows
// once bpftool (libbpf) has loaded the same object: names, types, sizes, flags, initial values, and
// (through the emulated kernel) bytes_xlated with the prototypes and lines of the xlated dump.

import assert from 'node:assert/strict';
import {readdirSync, rmSync} from 'node:fs';
import {after, test} from 'node:test';
import {loadObjectFile} from '../../../source/backends/emulator/load-object.js';
import {EmulatorKernel} from '../../../source/backends/emulator/kernel.js';
import {virtualClock} from '../../../source/clock/clock.js';
import {possibleCpus} from '../../../bench/corpus/loaders.js';
import {bpftool, compileBpf, kernelMissing, tempDir, type KernelMap, type KernelMapEntry, type KernelProg} from './elf/toolchain.js';

// legacy-maps is left out: libbpf 1.x refuses 'maps' sections, so bpftool cannot load it.
const OBJECTS: ReadonlyArray<{readonly source: string; readonly file?: string}> = [
	{source: 'hello'},
	{source: 'hello-func'},
	{source: 'globals'},
	{source: 'hash-counters'},
	{source: 'percpu-array'},
	{source: 'lru-hash'},
	{source: 'ringbuf'},
	{source: 'struct-value'},
	{source: 'subprograms'},
	{source: 'callbacks'},
	{source: 'multi-maps'},
	// A long object name: libbpf keeps only a prefix of it in front of '.bss', '.data', '.rodata'.
	{source: 'globals', file: 'a_rather_long_object_name.bpf.o'},
];

/** The prototypes and source lines `bpftool prog dump xlated` prints, by instruction slot. */
function xlatedAnnotations(id: number): {protos: Array<[number, string]>; sources: Array<[number, string]>; calls: Array<[number, number]>} {
	const lines = bpftool<Array<{proto?: string; src?: string; disasm: string}>>('prog', 'dump', 'xlated', 'id', String(id));
	const protos: Array<[number, string]> = [];
	const sources: Array<[number, string]> = [];
	const calls: Array<[number, number]> = [];
	let slot = 0;
	for (const line of lines) {
		if (line.proto !== undefined) protos.push([slot, line.proto]);
		if (line.src !== undefined) sources.push([slot, line.src]);
		const call = /call pc([+-]\d+)/.exec(line.disasm);
		if (call) calls.push([slot, Number(call[1])]);
		slot += line.disasm.startsWith('(18)') ? 2 : 1; // ld_imm64 takes two slots
	}
	return {protos, sources, calls};
}

/** The bpf-to-bpf calls in a spec's instructions: [slot, pc-relative immediate]. */
function bpfCalls(insns: Uint8Array): Array<[number, number]> {
	const view = new DataView(insns.buffer, insns.byteOffset, insns.byteLength);
	const calls: Array<[number, number]> = [];
	for (let slot = 0; slot < insns.length / 8; slot++) {
		if (insns[slot * 8] === 0x85 && insns[slot * 8 + 1]! >> 4 === 1) calls.push([slot, view.getInt32(slot * 8 + 4, true)]);
	}
	return calls;
}

const skip = kernelMissing();
const dir = skip ? undefined : tempDir();
const pins: string[] = [];
after(() => {
	for (const pin of pins) rmSync(pin, {recursive: true, force: true});
	dir?.remove();
});

for (const {source, file} of OBJECTS) {
	test(`kernel agrees with the loader on ${file ?? source}`, async t => {
		if (skip || !dir) return t.skip(`no root/bpftool/clang: ${skip}`);
		const path = compileBpf(source, dir.path, file);
		const spec = await loadObjectFile(path);
		// The same object in an emulated 6.18 with this machine's CPUs, for what the verifier keeps.
		const emulated = new EmulatorKernel({seed: 1, clock: virtualClock(), kernelVersion: '6.18', cpus: possibleCpus()});
		emulated.loadObject(spec);
		const pin = `/sys/fs/bpf/bpftop-ts-loader-${process.pid}-${(file ?? source).replace(/\W/g, '_')}`;
		pins.push(pin);
		try {
			bpftool('prog', 'loadall', path, pin);
			assert.deepEqual(readdirSync(pin).sort(), spec.programs.map(p => p.name).sort(), 'pinned programs');

			const mapIds = new Set<number>();
			for (const program of spec.programs) {
				const shown = bpftool<KernelProg>('prog', 'show', 'pinned', `${pin}/${program.name}`);
				// The kernel keeps 15 characters, but bpftool prints the full name from BTF func_info
				// when a name fills all 15.
				assert.equal(shown.name, program.funcInfo ? program.name : program.name.slice(0, 15), 'program name');
				assert.equal(shown.type, program.type, `type of ${program.name}`);
				// What the verifier keeps (verifier/xlated.ts): its size, prototypes, source lines and calls.
				const xlated = emulated.programs().find(p => p.spec === program)!.xlated();
				assert.equal(shown.bytes_xlated, xlated.insns.length, `bytes_xlated of ${program.name}`);
				assert.deepEqual(xlatedAnnotations(shown.id), {
					protos: xlated.funcInfo.map(f => [f.insn, f.proto]),
					sources: xlated.lineInfo.map(l => [l.insn, l.source]),
					calls: bpfCalls(xlated.insns),
				}, `func and line info of ${program.name}`);
				for (const id of shown.map_ids ?? []) mapIds.add(id);
			}

			const kernelMaps = [...mapIds].map(id => bpftool<KernelMap>('map', 'show', 'id', String(id)));
			const used = new Set(spec.programs.flatMap(p => p.mapRefs.map(r => r.map)));
			// Ids grow in creation order, so sorting by id also checks that the spec lists maps in libbpf's order.
			kernelMaps.sort((a, b) => a.id - b.id);
			assert.deepEqual(kernelMaps.map(m => m.name), spec.maps.filter(m => used.has(m.name)).map(m => m.name), 'map names, in creation order');
			for (const shown of kernelMaps) {
				const map = spec.maps.find(m => m.name === shown.name)!;
				assert.deepEqual(
					{type: shown.type, key: shown.bytes_key, value: shown.bytes_value, max: shown.max_entries, flags: shown.flags, frozen: shown.frozen === 1},
					{type: map.type, key: map.keySize, value: map.valueSize, max: map.maxEntries, flags: map.flags, frozen: map.frozen === true},
					`map ${map.name}`,
				);
				if (map.initialValue) {
					// Nothing has run yet, so .data is still as loaded too.
					const [entry] = bpftool<KernelMapEntry[]>('map', 'dump', 'id', String(shown.id));
					assert.deepEqual(entry?.value.map(byte => Number.parseInt(byte, 16)), [...map.initialValue], `initial value of ${map.name}`);
				}
			}
		} finally {
			rmSync(pin, {recursive: true, force: true});
		}
	});
}
