// Loads one object two ways and reports what each shows, in bpftool's terms: the emulator (its
// in-process bpftool answers) and, where root allows, the real kernel (`bpftool prog loadall`,
// then `prog show` / `map show` of what got pinned). Every pin is removed again, on failure too.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {answer} from '../../source/backends/emulator/bpftool/answer.js';
import {EmulatorKernel} from '../../source/backends/emulator/kernel.js';
import type {KernelTarget} from '../../source/backends/emulator/kernel-target.js';
import {parseObject} from '../../source/backends/emulator/load-object.js';
import {virtualClock} from '../../source/clock/clock.js';

export type ShownProgram = {readonly name: string; readonly type: string; readonly tag: string; readonly bytesXlated: number; readonly notes?: readonly string[]; readonly dump?: readonly string[]};
export type ShownMap = {readonly name: string; readonly type: string; readonly keySize: number; readonly valueSize: number; readonly maxEntries: number};
export type Loaded = {ok: true; programs: ShownProgram[]; maps: ShownMap[]; ms: number; notes?: readonly string[]} | {ok: false; reason: string};

type ProgJson = {id: number; name: string; type: string; tag: string; bytes_xlated: number; map_ids?: number[]; emulator_notes?: string[]};
type MapJson = {id: number; name: string; type: string; bytes_key: number; bytes_value: number; max_entries: number};

const toMap = (m: MapJson): ShownMap => ({name: m.name, type: m.type, keySize: m.bytes_key, valueSize: m.bytes_value, maxEntries: m.max_entries});

/**
 * A dump line without what differs between two loads of the same code, or between the kernel and
 * the emulator for reasons outside the instructions: map ids, kernel addresses after a call's '#',
 * subprogram tags, addresses in ld_imm64.
 */
export function normalizeDisasm(line: string): string {
	return line
		.replace(/map\[id:\d+\]/g, 'map[id]')
		.replace(/#-?\d+/g, '#')
		.replace(/bpf_prog_[0-9a-f]{16}_/g, 'bpf_prog_')
		.replace(/= 0x[0-9a-f]{9,}/g, '= <address>');
}

/** The number of possible CPUs (libbpf sizes perf_event_array maps by it). */
export function possibleCpus(): number {
	try {
		let count = 0;
		for (const range of readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',')) {
			const [from, to = from] = range.split('-').map(Number);
			count += to! - from! + 1;
		}

		return count;
	} catch {
		return 2;
	}
}

export function loadInEmulator(path: string, target: KernelTarget, kernelVersion: string): Loaded {
	const start = performance.now();
	try {
		const spec = parseObject(path, readFileSync(path), {target});
		const kernel = new EmulatorKernel({seed: 1, clock: virtualClock(), kernelVersion, cpus: possibleCpus()});
		kernel.loadObject(spec);
		const ms = performance.now() - start;
		const programs = (answer(kernel, ['prog', 'show']) as ProgJson[]).map(p => ({
			name: p.name, type: p.type, tag: p.tag, bytesXlated: p.bytes_xlated,
			...(p.emulator_notes ? {notes: p.emulator_notes} : {}),
			dump: (answer(kernel, ['prog', 'dump', 'xlated', 'id', String(p.id)]) as Array<{disasm: string}>).map(l => normalizeDisasm(l.disasm)),
		}));
		const maps = (answer(kernel, ['map', 'show']) as MapJson[]).map(toMap);
		return {ok: true, programs, maps, ms, ...(spec.notes ? {notes: spec.notes} : {})};
	} catch (error) {
		return {ok: false, reason: error instanceof Error ? error.message : String(error)};
	}
}

function bpftool<T>(...args: string[]): T {
	const result = spawnSync('bpftool', ['-j', ...args], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`bpftool ${args.join(' ')}: ${result.stdout || result.stderr}`.trim());
	return JSON.parse(result.stdout) as T;
}

/** Why the real kernel cannot be asked, or undefined when it can. */
export function kernelUnavailable(): string | undefined {
	if (process.getuid?.() !== 0) return 'not root';
	if (spawnSync('bpftool', ['version'], {stdio: 'ignore'}).status !== 0) return 'no bpftool';
	if (!existsSync('/sys/fs/bpf')) return 'no BPF filesystem';
	return undefined;
}

/** libbpf's reason for a failed load: its first specific complaint (not the generic summaries and hints after it). */
export function refusal(stderr: string): string {
	const lines = stderr.split('\n').map(l => l.trim()).filter(Boolean);
	const generic = /-- (BEGIN|END) PROG LOAD LOG --|failed to load object|failed to load: -|permission error while running as root|Error in bpf_create_map_xattr|failed to prepare load attributes|Retrying without BTF/;
	const libbpf = lines.filter(l => l.startsWith('libbpf:') && !generic.test(l) && /fail|error|invalid|not /i.test(l));
	const reason = libbpf[0]?.replace(/^libbpf: /, '') ?? lines.find(l => l.startsWith('Error:')) ?? 'refused';
	const verifier = lines.find(l => /^failed to resolve CO-RE relocation|^invalid func unknown/.test(l));
	return verifier ? `${reason} (${verifier})` : reason;
}

let pinCount = 0;

export function loadInKernel(path: string): Loaded {
	const pin = `/sys/fs/bpf/bpftop-corpus-${process.pid}-${pinCount++}`;
	const start = performance.now();
	try {
		const result = spawnSync('bpftool', ['prog', 'loadall', path, pin], {encoding: 'utf8'});
		const ms = performance.now() - start;
		if (result.status !== 0) return {ok: false, reason: refusal(result.stderr)};
		const programs: ShownProgram[] = [];
		const mapIds = new Set<number>();
		for (const file of readdirSync(pin)) {
			const shown = bpftool<ProgJson>('prog', 'show', 'pinned', `${pin}/${file}`);
			const dump = bpftool<Array<{disasm: string}>>('prog', 'dump', 'xlated', 'id', String(shown.id)).map(l => normalizeDisasm(l.disasm));
			programs.push({name: shown.name, type: shown.type, tag: shown.tag, bytesXlated: shown.bytes_xlated, dump});
			for (const id of shown.map_ids ?? []) mapIds.add(id);
		}

		const maps = [...mapIds].sort((a, b) => a - b).map(id => toMap(bpftool<MapJson>('map', 'show', 'id', String(id))));
		return {ok: true, programs, maps, ms};
	} catch (error) {
		return {ok: false, reason: error instanceof Error ? error.message : String(error)};
	} finally {
		rmSync(pin, {recursive: true, force: true});
	}
}
