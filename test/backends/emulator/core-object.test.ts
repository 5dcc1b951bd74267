// A CO-RE program as people write it (test/bpf/core-fields.bpf.c, compiled here against this
// kernel's vmlinux.h): relocated against the kernel's BTF or, without one, the object's own;
// kconfig externs filled; every program loaded with its full name; run on kernel memory laid out
// by BTF, so the values it records are the kernel's.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {answer} from '../../../source/backends/emulator/bpftool/answer.js';
import {createEmulatorBackend} from '../../../source/backends/emulator/emulator-backend.js';
import {detachedTarget, hostTarget, kernelVersionCode} from '../../../source/backends/emulator/kernel-target.js';
import {LoadError, loadObjectFile} from '../../../source/backends/emulator/load-object.js';
import type {BpfObjectSpec} from '../../../source/backends/emulator/object.js';
import {virtualClock} from '../../../source/clock/clock.js';
import {MULTIARCH, clangMissing, compileCoreBpf, coreMissing, tempDir} from './elf/toolchain.js';

const missing = coreMissing();
const dir = missing ? undefined : tempDir();
after(() => dir?.remove());
let compiled: string | undefined;
const object = (): string => (compiled ??= compileCoreBpf('core-fields', dir!.path));

test('relocated against this kernel: the detail says which BTF, poisons are counted, names are whole', async t => {
	if (missing) return t.skip(missing);
	const spec = await loadObjectFile(object(), {target: hostTarget()});
	assert.equal(spec.core?.target, '/sys/kernel/btf/vmlinux');
	assert.ok((spec.core?.relocations ?? 0) >= 15, `relocations: ${spec.core?.relocations}`);
	// The task_struct___old flavor has no `state` here (5.14 renamed it __state): its read is poisoned.
	const switchIn = spec.programs.find(p => p.name === 'core_fields_switch_in');
	assert.ok(switchIn?.poisoned?.some(p => /task_struct___old\.state/.test(p.relocation)), JSON.stringify(switchIn?.poisoned));
	// Two programs share their first 15 characters: both load, under their full names.
	assert.deepEqual(spec.programs.map(p => p.name).sort(), ['core_fields_open', 'core_fields_switch_in', 'core_fields_switch_out']);
	assert.deepEqual(spec.programs.map(p => [p.type, p.attachType ?? '-', p.attachTo]).sort(), [['kprobe', '-', 'do_sys_openat2'], ['tracing', 'trace_raw_tp', 'sched_switch'], ['tracing', 'trace_raw_tp', 'sched_switch']]);
	const kconfig = spec.maps.find(m => m.name.endsWith('.kconfig'));
	assert.deepEqual([kconfig?.name, kconfig?.flags, kconfig?.frozen], ['core_fi.kconfig', 0x480, true]);

	const backend = createEmulatorBackend({seed: 1, clock: virtualClock(), objects: [spec], scenario: false, kernelVersion: '6.18', warmUpSeconds: 5});
	const programs = (await backend.run([['prog', 'show']]))[0]!.output as Array<{name: string; run_cnt?: number; emulator_notes?: string[]; emulator_errors?: number}>;
	assert.deepEqual(programs.map(p => p.name).sort(), ['core_fields_open', 'core_fields_switch_in', 'core_fields_switch_out']);
	for (const p of programs) {
		assert.ok((p.run_cnt ?? 0) > 0, `${p.name} ran`);
		assert.equal(p.emulator_errors, undefined, `${p.name} ran without faults`);
		assert.match(p.emulator_notes?.[0] ?? '', /^CO-RE: \d+ relocations resolved against \/sys\/kernel\/btf\/vmlinux, 1 instruction poisoned$/);
	}
});

test('what the program reads through CO-RE is what this kernel has', async t => {
	if (missing) return t.skip(missing);
	const spec = await loadObjectFile(object(), {target: hostTarget()});
	const backend = createEmulatorBackend({seed: 3, clock: virtualClock(), objects: [spec], scenario: false, kernelVersion: '6.18', warmUpSeconds: 5});
	const facts = factsOf(backend.kernel, spec);
	assert.equal(facts.get(0), 1, 'task_struct.__state exists');
	assert.equal(facts.get(1), 16, 'sizeof(comm)');
	assert.equal(facts.get(3), 1, 'struct task_struct exists');
	assert.ok((facts.get(4) ?? 0) > 1000, `sizeof(task_struct) is the kernel's: ${facts.get(4)}`);
	assert.equal(facts.get(6), 5, 'BPF_FUNC_ktime_get_ns');
	assert.equal(facts.get(8), kernelVersionCode(hostTarget().release, true), 'LINUX_KERNEL_VERSION');
	assert.equal(facts.get(10), 1, 'CONFIG_BPF_SYSCALL');
	assert.equal(facts.get(13), 1, 'the parent of the switched-in task (systemd)');
	assert.equal(facts.get(14), 1, 'the current task has a start time');
});

/** The `facts` array of core-fields.bpf.c: index → value. */
function factsOf(kernel: ReturnType<typeof createEmulatorBackend>['kernel'], spec: BpfObjectSpec): Map<number, number> {
	void spec;
	const map = kernel.maps().find(m => m.map.spec.name === 'facts')!;
	const dump = answer(kernel, ['map', 'dump', 'id', String(map.map.id)]) as Array<{formatted: {key: number; value: number}}>;
	return new Map(dump.map(e => [e.formatted.key, e.formatted.value]));
}

test('without the kernel BTF, the object’s own types are the target, and the detail says so', async t => {
	if (missing) return t.skip(missing);
	const spec = await loadObjectFile(object(), {target: detachedTarget('6.18.0', 'test: no kernel BTF')});
	assert.equal(spec.core?.target, "the object's own BTF (test: no kernel BTF)");
	assert.ok((spec.core?.relocations ?? 0) >= 15);
	const backend = createEmulatorBackend({seed: 1, clock: virtualClock(), objects: [spec], scenario: false, kernelVersion: '6.18', warmUpSeconds: 2});
	const programs = (await backend.run([['prog', 'show']]))[0]!.output as Array<{emulator_notes?: string[]}>;
	assert.match(programs[0]?.emulator_notes?.[0] ?? '', /resolved against the object's own BTF \(test: no kernel BTF\)/);
	// The kernel version comes from the emulated release.
	assert.equal(factsOf(backend.kernel, spec).get(8), 6 * 65_536 + 18 * 256);
});

test('SEC("?…") programs are not loaded; an object of only those loads nothing', async t => {
	const why = clangMissing();
	if (why || !dir) return t.skip(why ?? missing);
	const build = (name: string, source: string) => {
		const path = join(dir.path, `${name}.bpf.c`);
		writeFileSync(path, `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${source}\nchar LICENSE[] SEC("license") = "GPL";\n`);
		execFileSync('clang', ['-target', 'bpf', '-g', '-O2', `-I/usr/include/${MULTIARCH}`, '-c', path, '-o', join(dir.path, `${name}.bpf.o`)], {stdio: 'ignore'});
		return join(dir.path, `${name}.bpf.o`);
	};

	const some = await loadObjectFile(build('optional', 'SEC("?xdp") int on_request(struct xdp_md *ctx) { return 1; }\nSEC("xdp") int always(struct xdp_md *ctx) { return 2; }'));
	assert.deepEqual(some.programs.map(p => p.name), ['always']);
	await assert.rejects(loadObjectFile(build('only-optional', 'SEC("?xdp") int on_request(struct xdp_md *ctx) { return 1; }')), (error: unknown) => error instanceof LoadError && /SEC\("\?…"\)/.test(error.message));
});
