// Test helpers: compile the C programs under test/bpf with clang, and ask the real kernel (through
// bpftool) what it made of them. Each helper reports why it cannot run instead of failing.

import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {kernelTestsOff} from '../../../helpers/kernel.js';

// Debian keeps asm/types.h under the multiarch include directory.
export const MULTIARCH = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';

export const BPF_SOURCES = fileURLToPath(new URL('../../../bpf/', import.meta.url));

function runs(command: string, args: readonly string[]): boolean {
	return spawnSync(command, args, {stdio: 'ignore'}).status === 0;
}

/** Why clang cannot build BPF objects here, or undefined when it can. */
export function clangMissing(): string | undefined {
	return runs('clang', ['--version']) ? undefined : 'no clang: cannot compile test/bpf programs';
}

/** Why the real kernel cannot be asked here, or undefined when it can. */
export function kernelMissing(): string | undefined {
	if (kernelTestsOff()) return kernelTestsOff();
	const clang = clangMissing();
	if (clang) return clang;
	if (process.getuid?.() !== 0) return 'no root: loading programs needs CAP_BPF';
	if (!runs('bpftool', ['version'])) return 'no bpftool';
	if (!existsSync('/sys/fs/bpf')) return 'no BPF filesystem at /sys/fs/bpf';
	if (!runs('bpftool', ['prog', 'show'])) return 'no BPF: bpftool prog show fails';
	return undefined;
}

export function tempDir(): {readonly path: string; remove(): void} {
	const path = mkdtempSync(join(tmpdir(), 'bpftop-loader-'));
	return {path, remove: () => rmSync(path, {recursive: true, force: true})};
}

/** Compiles test/bpf/<name>.bpf.c into `dir` (as `output`, default <name>.bpf.o) and returns the path. */
export function compileBpf(name: string, dir: string, output = `${name}.bpf.o`): string {
	const path = join(dir, output);
	execFileSync('clang', ['-target', 'bpf', '-g', '-O2', `-I/usr/include/${MULTIARCH}`, '-c', join(BPF_SOURCES, `${name}.bpf.c`), '-o', path], {stdio: ['ignore', 'ignore', 'pipe']});
	return path;
}

/** `bpftool -j ARGS`, parsed. */
export function bpftool<T>(...args: string[]): T {
	return JSON.parse(execFileSync('bpftool', ['-j', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})) as T;
}

export type KernelProg = {id: number; type: string; name: string; bytes_xlated: number; map_ids?: number[]};
export type KernelMap = {id: number; type: string; name: string; flags: number; bytes_key: number; bytes_value: number; max_entries: number; frozen: number};
export type KernelMapEntry = {key: string[]; value: string[]};

/** Why CO-RE programs cannot be built here (they need clang, bpftool and this kernel's BTF), or undefined. */
export function coreMissing(): string | undefined {
	const clang = clangMissing();
	if (clang) return clang;
	if (!existsSync('/sys/kernel/btf/vmlinux')) return 'no /sys/kernel/btf/vmlinux: cannot dump vmlinux.h';
	if (!runs('bpftool', ['version'])) return 'no bpftool: cannot dump vmlinux.h';
	return undefined;
}

/** Dumps this kernel's BTF as C into `dir`/vmlinux.h (once per directory); returns the path. */
export function vmlinuxHeader(dir: string): string {
	const path = join(dir, 'vmlinux.h');
	if (!existsSync(path)) writeFileSync(path, execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], {maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe']}));
	return path;
}

/** Compiles test/bpf/<name>.bpf.c, a CO-RE program, against a vmlinux.h of this kernel; returns the object's path. */
export function compileCoreBpf(name: string, dir: string, output = `${name}.bpf.o`): string {
	vmlinuxHeader(dir);
	const path = join(dir, output);
	const arch = process.arch === 'arm64' ? 'arm64' : 'x86';
	execFileSync('clang', ['-target', 'bpf', `-D__TARGET_ARCH_${arch}`, '-g', '-O2', `-I${dir}`, `-I/usr/include/${MULTIARCH}`, '-c', join(BPF_SOURCES, `${name}.bpf.c`), '-o', path], {stdio: ['ignore', 'ignore', 'pipe']});
	return path;
}
