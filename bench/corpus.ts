// The CO-RE corpus: real BPF objects built by others (Debian's libbpf-tools, extracted from the
// installed binaries) and our own (test/bpf/core-*.bpf.c, compiled here against a vmlinux.h
// dumped from this kernel's BTF), loaded into the emulator and, where root allows, into the real
// kernel with `bpftool prog loadall`. Prints a table: loaded by each, and agreement on program
// names, types, tags, bytes_xlated and every map's type, key/value size and max entries.
//
//   npm run corpus [-- --only runqlat,opensnoop] [--extra DIR] [--no-kernel] [--no-own] [--no-tools] [--details]
//
// --extra DIR adds every *.o in DIR (objects you built elsewhere). Nothing here writes to the
// repository; extracted and compiled objects live in a temporary directory that is removed.
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hostKernelVersion} from '../source/backends/emulator/emulator-backend.js';
import {hostTarget} from '../source/backends/emulator/kernel-target.js';
import {BPF_SOURCES, compileCoreBpf, coreMissing} from '../test/backends/emulator/elf/toolchain.js';
import {installSignalCleanup, onCleanup} from './cleanup.js';
import {compare, summarize, table, type Row} from './corpus/compare.js';
import {extractLibbpfTools, objectsIn, type CorpusObject} from './corpus/extract.js';
import {kernelUnavailable, loadInEmulator, loadInKernel, possibleCpus} from './corpus/loaders.js';

type Args = {only?: Set<string>; extra: string[]; kernel: boolean; own: boolean; tools: boolean; details: boolean};

function parseArgs(argv: readonly string[]): Args {
	const args: Args = {extra: [], kernel: true, own: true, tools: true, details: false};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--only') args.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
		else if (flag === '--extra') args.extra.push(argv[++i] ?? '.');
		else if (flag === '--no-kernel') args.kernel = false;
		else if (flag === '--no-own') args.own = false;
		else if (flag === '--no-tools') args.tools = false;
		else if (flag === '--details') args.details = true;
		else throw new Error(`unknown flag ${flag} (flags: --only NAMES, --extra DIR, --no-kernel, --no-own, --no-tools, --details)`);
	}

	return args;
}

/** Our own CO-RE programs, compiled against this kernel's vmlinux.h. */
function ownObjects(dir: string): CorpusObject[] {
	const why = coreMissing();
	if (why) {
		process.stderr.write(`corpus: own CO-RE programs left out: ${why}\n`);
		return [];
	}

	return readdirSync(BPF_SOURCES).filter(file => /^core-.*\.bpf\.c$/.test(file)).sort().map(file => {
		const name = file.replace(/\.bpf\.c$/, '');
		return {name, path: compileCoreBpf(name, dir), origin: 'test/bpf'};
	});
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	installSignalCleanup();
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-corpus-'));
	onCleanup(() => rmSync(dir, {recursive: true, force: true}));

	const wanted = (name: string) => args.only === undefined || args.only.has(name);
	const objects = [
		...(args.tools ? extractLibbpfTools(dir, wanted) : []),
		...(args.own ? ownObjects(dir).filter(o => wanted(o.name)) : []),
		...args.extra.flatMap(extra => objectsIn(extra).filter(o => wanted(o.name))),
	];
	if (objects.length === 0) throw new Error('no objects: install libbpf-tools (apt-get install libbpf-tools), or pass --extra DIR');

	const btfStart = performance.now();
	const target = hostTarget();
	const btfMs = performance.now() - btfStart;
	const kernelVersion = hostKernelVersion();
	const noKernel = args.kernel ? kernelUnavailable() : 'not asked (--no-kernel)';

	const rows: Row[] = [];
	for (const object of objects) {
		const emulator = loadInEmulator(object.path, target, kernelVersion);
		const kernel = noKernel === undefined ? loadInKernel(object.path) : {ok: false as const, reason: noKernel, skipped: true as const};
		rows.push(compare(object.name, object.origin, emulator, kernel));
	}

	const s = summarize(rows);
	const pct = (a: number, b: number) => (b === 0 ? '-' : `${Math.round((100 * a) / b)} %`);
	const emulatorMs = rows.flatMap(r => (r.emulator.ok ? [r.emulator.ms] : [])).sort((a, b) => a - b);
	process.stdout.write(`${table(rows)}\n\n`);
	process.stdout.write([
		`objects: ${s.objects} (${objects.filter(o => o.origin === 'libbpf-tools').length} from libbpf-tools, ${objects.filter(o => o.origin === 'test/bpf').length} our own, ${objects.filter(o => o.origin !== 'libbpf-tools' && o.origin !== 'test/bpf').length} extra)`,
		`loaded: emulator ${s.emulatorLoaded}/${s.objects}, kernel ${noKernel ?? `${s.kernelLoaded}/${s.objects}`}`,
		`both loaded: ${s.compared} objects, ${s.programs} programs; names, types, tags and maps all agree on ${s.fullyAgree}/${s.compared}`,
		`tags agree: ${s.tags.agree}/${s.tags.of} programs; maps agree: ${s.maps.agree}/${s.maps.of}`,
		`bytes_xlated agrees: ${s.xlated.agree}/${s.xlated.of} programs (${pct(s.xlated.agree, s.xlated.of)}), every program of ${s.xlatedObjects.agree}/${s.xlatedObjects.of} objects`,
		`xlated dumps agree (map ids, kernel addresses and subprogram tags left out): ${s.dumps.agree}/${s.dumps.of} programs (${pct(s.dumps.agree, s.dumps.of)})`,
		`kernel BTF (${target.source}): indexed in ${btfMs.toFixed(0)} ms; emulator load per object: median ${(emulatorMs[Math.floor(emulatorMs.length / 2)] ?? 0).toFixed(1)} ms, max ${(emulatorMs.at(-1) ?? 0).toFixed(1)} ms`,
		`possible CPUs: ${possibleCpus()}, kernel ${kernelVersion}`,
	].join('\n') + '\n');
	if (args.details) {
		for (const row of rows) {
			const lines = [...row.differences, ...(row.emulator.ok ? row.emulator.programs.flatMap(p => (p.notes ?? []).map(n => `${p.name}: ${n}`)) : [])];
			if (!row.kernel.ok && !('skipped' in row.kernel)) lines.unshift(`kernel: ${row.kernel.reason}`);
			if (lines.length > 0) process.stdout.write(`\n${row.object}:\n${[...new Set(lines)].map(l => `  ${l}`).join('\n')}\n`);
		}
	}
}

main().catch(error => {
	process.stderr.write(`corpus: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
