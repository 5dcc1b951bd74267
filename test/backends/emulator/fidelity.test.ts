// Fidelity against the real kernel: compiles the book's programs with clang, loads them with
// bpftool, and compares what bpftool says with what the emulator's scenario says for the same
// bytecode. Skipped (with the reason) without root, clang, bpftool or BPF.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {virtualClock} from '../../../source/clock/clock.js';
import {createEmulatorBackend, hostKernelVersion} from '../../../source/backends/emulator/emulator-backend.js';
import {kernelTestsOff} from '../../helpers/kernel.js';

type Json = Record<string, unknown>;

const SOURCES = new URL('../../bpf/', import.meta.url);

function which(tool: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

function skipReason(): string | undefined {
	if (kernelTestsOff()) return kernelTestsOff();
	if (process.getuid?.() !== 0) return 'not root';
	if (!which('clang')) return 'clang not found';
	if (!which('bpftool')) return 'bpftool not found';
	if (!existsSync('/sys/fs/bpf')) return 'no bpffs at /sys/fs/bpf';
	return undefined;
}

function bpftool(...args: string[]): unknown {
	return JSON.parse(execFileSync('bpftool', ['-j', ...args], {encoding: 'utf8'}));
}

/** Loads `file` on the real kernel and returns prog show, its maps, and their dumps; cleans up. */
function loadReal(object: string, pin: string): {prog: Json; maps: Json[]; dumps: unknown[]} | string {
	try {
		execFileSync('bpftool', ['prog', 'load', object, pin], {stdio: 'pipe'});
	} catch (error) {
		return `bpftool prog load failed (no BPF?): ${String((error as {stderr?: Buffer}).stderr ?? error).trim()}`;
	}

	try {
		const prog = bpftool('prog', 'show', 'pinned', pin) as Json;
		const ids = (prog.map_ids as number[] | undefined) ?? [];
		return {prog, maps: ids.map(id => bpftool('map', 'show', 'id', String(id)) as Json), dumps: ids.map(id => bpftool('map', 'dump', 'id', String(id)))};
	} finally {
		rmSync(pin, {force: true});
	}
}

const summary = (m: Json) => ({name: m.name, type: m.type, bytes_key: m.bytes_key, bytes_value: m.bytes_value, max_entries: m.max_entries, flags: m.flags, frozen: m.frozen});

for (const [source, type] of [['hello', 'xdp'], ['hello-func', 'raw_tracepoint']] as const) {
	test(`${source}: the emulator matches the real kernel`, async t => {
		const reason = skipReason();
		if (reason !== undefined) {
			t.skip(reason);
			return;
		}

		const dir = mkdtempSync(join(tmpdir(), 'bpftop-fidelity-'));
		try {
			const object = join(dir, `${source}.bpf.o`);
			execFileSync('clang', ['-target', 'bpf', '-g', '-O2', '-I/usr/include/x86_64-linux-gnu', '-c', new URL(`${source}.bpf.c`, SOURCES).pathname, '-o', object]);
			const real = loadReal(object, `/sys/fs/bpf/bpftop_fidelity_${process.pid}_${source.replace('-', '_')}`);
			if (typeof real === 'string') {
				t.skip(real);
				return;
			}

			const clock = virtualClock({startWallMs: 1_795_598_726_000});
			const backend = createEmulatorBackend({seed: 1, clock, kernelVersion: hostKernelVersion()});
			const [progs, maps] = (await backend.run([['prog', 'show'], ['map', 'show']])).map(o => o.output) as [Json[], Json[]];
			const emulated = progs.find(p => p.name === 'hello' && p.type === type)!;
			assert.ok(emulated, `scenario has ${source}`);
			for (const field of ['name', 'type', 'tag', 'gpl_compatible', 'bytes_xlated', 'jited']) {
				assert.deepEqual(emulated[field], real.prog[field], `${field} differs`);
			}

			const emulatedMaps = (emulated.map_ids as number[]).map(id => maps.find(m => m.id === id)!);
			assert.deepEqual(emulatedMaps.map(summary), real.maps.map(summary));
			// Global data: the formatted dumps (BTF) are the same.
			const dumps = await backend.run(emulatedMaps.map(m => ['map', 'dump', 'id', String(m.id)]));
			real.dumps.forEach((dump, i) => {
				const name = String(real.maps[i]!.name);
				if (name.endsWith('.rodata')) assert.deepEqual(dumps[i]!.output, dump, `${name} dump differs`);
			});
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
}
