// What reading the kernel's BTF costs a `--load` of a CO-RE object: reading
// /sys/kernel/btf/vmlinux, indexing its records, and the first lookup of a struct by name (which hashes every
// name once). Each measurement in a fresh process (the monitor does it once per start); medians.
//
//   node --import tsx bench/kernel-btf.ts [--rounds N]
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {indexBtf} from '../source/backends/emulator/btf/parse.js';

const VMLINUX = '/sys/kernel/btf/vmlinux';

function measure(): {readMs: number; indexMs: number; lookupMs: number; heapMb: number; types: number; bytes: number} {
	const heap = process.memoryUsage().heapUsed;
	let t = performance.now();
	const bytes = readFileSync(VMLINUX);
	const readMs = performance.now() - t;
	t = performance.now();
	const btf = indexBtf(VMLINUX, bytes);
	const indexMs = performance.now() - t;
	t = performance.now();
	btf.byName('task_struct', [4]);
	const lookupMs = performance.now() - t;
	return {readMs, indexMs, lookupMs, heapMb: (process.memoryUsage().heapUsed - heap) / 1e6, types: btf.count, bytes: bytes.length};
}

if (process.argv.includes('--child')) {
	process.stdout.write(JSON.stringify(measure()));
} else {
	const at = process.argv.indexOf('--rounds');
	const rounds = at >= 0 ? Number(process.argv[at + 1]) : 5;
	const self = fileURLToPath(import.meta.url);
	const runs = Array.from({length: rounds}, () => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--child'], {encoding: 'utf8'})) as ReturnType<typeof measure>);
	const median = (pick: (r: ReturnType<typeof measure>) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
	const first = runs[0]!;
	process.stdout.write(`${VMLINUX}: ${(first.bytes / 1e6).toFixed(1)} MB, ${first.types} types; median of ${rounds} fresh processes:\n`);
	process.stdout.write(`read ${median(r => r.readMs).toFixed(1)} ms, index ${median(r => r.indexMs).toFixed(1)} ms, first lookup of a struct by name ${median(r => r.lookupMs).toFixed(1)} ms, heap +${median(r => r.heapMb).toFixed(1)} MB\n`);
}
