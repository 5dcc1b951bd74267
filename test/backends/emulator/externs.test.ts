// Kconfig and ksym externs as libbpf resolves them: values from the kernel's release and Kconfig in
// a read-only .kconfig map, laid out by alignment and size; typed ksyms by the kernel's BTF.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {parseBtf} from '../../../source/backends/emulator/btf/parse.js';
import {btfTarget, kernelVersionCode} from '../../../source/backends/emulator/kernel-target.js';
import {LoadError, loadObjectFile} from '../../../source/backends/emulator/load-object.js';
import {BtfBuilder} from './btf/builder.js';
import {MULTIARCH, clangMissing, tempDir} from './elf/toolchain.js';

const missing = clangMissing();
const dir = missing ? undefined : tempDir();
after(() => dir?.remove());

function build(name: string, source: string): string {
	const path = join(dir!.path, `${name}.bpf.c`);
	writeFileSync(path, `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${source}\nchar LICENSE[] SEC("license") = "GPL";\n`);
	execFileSync('clang', ['-target', 'bpf', '-g', '-O2', `-I/usr/include/${MULTIARCH}`, '-c', path, '-o', join(dir!.path, `${name}.bpf.o`)], {stdio: 'ignore'});
	return join(dir!.path, `${name}.bpf.o`);
}

test('LINUX_KERNEL_VERSION is KERNEL_VERSION(a, b, c) of the release, the patch capped at 255', () => {
	assert.equal(kernelVersionCode('6.18.44-fc-v1098', false), 6 * 65_536 + 18 * 256 + 44);
	assert.equal(kernelVersionCode('5.4.300', false), 5 * 65_536 + 4 * 256 + 255);
	assert.equal(kernelVersionCode('6.8', false), 6 * 65_536 + 8 * 256);
});

test('kconfig externs fill a frozen .kconfig map, in libbpf’s order', async t => {
	if (missing) return t.skip(missing);
	const config = new Map([['CONFIG_HZ', '250'], ['CONFIG_BPF_SYSCALL', 'y'], ['CONFIG_MODULES', 'm'], ['CONFIG_DEFAULT_HOSTNAME', '"bench"']]);
	const target = btfTarget(parseBtf('vmlinux', new BtfBuilder().build()), 'a test kernel', '6.18.44', config);
	const spec = await loadObjectFile(build('kconfig', `
extern int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_MODULES __kconfig;
extern char CONFIG_DEFAULT_HOSTNAME[8] __kconfig;
extern int CONFIG_NOT_SET_HERE __kconfig __weak;
SEC("xdp") int f(struct xdp_md *ctx) {
	return LINUX_KERNEL_VERSION + CONFIG_HZ + CONFIG_BPF_SYSCALL + CONFIG_MODULES + CONFIG_DEFAULT_HOSTNAME[0] + CONFIG_NOT_SET_HERE;
}`), {target});
	const map = spec.maps.find(m => m.name === 'kconfig.kconfig')!;
	assert.deepEqual([map.type, map.maxEntries, map.flags, map.frozen], ['array', 1, 0x480, true]);
	const vars = map.valueType?.kind === 'datasec' ? map.valueType.vars.map(v => [v.name, v.offset, v.size]) : [];
	// By alignment (4-byte ones first), then size, then name.
	assert.deepEqual(vars, [
		['CONFIG_HZ', 0, 4], ['CONFIG_MODULES', 4, 4], ['CONFIG_NOT_SET_HERE', 8, 4], ['LINUX_KERNEL_VERSION', 12, 4],
		['CONFIG_BPF_SYSCALL', 16, 1], ['CONFIG_DEFAULT_HOSTNAME', 17, 8],
	]);
	const view = new DataView(map.initialValue!.buffer);
	assert.deepEqual([view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true), map.initialValue![16]], [250, 2, 0, 6 * 65_536 + 18 * 256 + 44, 1]);
	assert.equal(Buffer.from(map.initialValue!.subarray(17, 22)).toString('latin1'), 'bench');
	// The program reads them through the map, like any global variable.
	assert.ok(spec.programs[0]!.mapRefs.some(ref => ref.map === 'kconfig.kconfig' && ref.kind === 'value'));
});

test('a strong kconfig extern the kernel does not set fails as libbpf fails', async t => {
	if (missing) return t.skip(missing);
	const target = btfTarget(parseBtf('vmlinux', new BtfBuilder().build()), 'a test kernel', '6.18.0', new Map([['CONFIG_HZ', '250']]));
	await assert.rejects(
		loadObjectFile(build('strong', 'extern int CONFIG_MISSING __kconfig;\nSEC("xdp") int f(struct xdp_md *ctx) { return CONFIG_MISSING; }'), {target}),
		(error: unknown) => error instanceof LoadError && /extern 'CONFIG_MISSING' \(strong\): not resolved/.test(error.message),
	);
});

test('typed ksyms and kfuncs resolve to the kernel’s BTF ids', async t => {
	if (missing) return t.skip(missing);
	const b = new BtfBuilder();
	const int = b.int('int', 4, 1);
	const proto = b.funcProto(0, []);
	const variable = b.var('nr_cpu_ids', int, 1);
	const kfunc = b.func('bpf_rcu_read_lock', proto, 1);
	const target = btfTarget(parseBtf('vmlinux', b.build()), 'a test kernel', '6.18.0');
	const spec = await loadObjectFile(build('ksyms', 'extern const int nr_cpu_ids __ksym;\nextern void bpf_rcu_read_lock(void) __ksym;\nSEC("tp_btf/sched_switch") int f(void *ctx) { bpf_rcu_read_lock(); return nr_cpu_ids; }'), {target});
	const refs = spec.programs[0]!.kernelRefs ?? [];
	assert.deepEqual(refs.map(r => [r.kind, r.name, r.btfId]), [['kfunc', 'bpf_rcu_read_lock', kfunc], ['var', 'nr_cpu_ids', variable]]);
	// The kfunc call carries src_reg 2 and the id; the variable load src_reg 3.
	const insns = spec.programs[0]!.insns;
	const call = refs.find(r => r.kind === 'kfunc')!.insn;
	assert.deepEqual([insns[call * 8], insns[call * 8 + 1]! >> 4, new DataView(insns.buffer).getInt32(call * 8 + 4, true)], [0x85, 2, kfunc]);
	const load = refs.find(r => r.kind === 'var')!.insn;
	assert.equal(insns[load * 8 + 1]! >> 4, 3);
});
