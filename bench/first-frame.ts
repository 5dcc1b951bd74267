// Time to the first full frame only, repeated: for trying start-up changes quickly.
//   node --import tsx bench/first-frame.ts [emulator PROGRAMS | bpftool [PROGRAMS]] [runs]
// `bpftool PROGRAMS` loads that many programs with the bench's fixture (and removes them after);
// `bpftool` alone times the programs loaded now.
// BPFTOP_CLIS=a/cli.cjs,b/cli.cjs compares builds, run in turn so that a machine's drift hits all alike.
import {installSignalCleanup, runCleanups} from './cleanup.js';
import {createLoadedSet} from './kernel-fixture.js';
import {measureStart, median} from './pty-run.js';
import {bpftoolSubject, cliPath, emulatorSubject} from './subjects.js';

const [backend = 'emulator', second, third] = process.argv.slice(2);
const programs = Number(second ?? (backend === 'bpftool' ? 0 : 100));
const subject = backend === 'bpftool' ? bpftoolSubject(1) : emulatorSubject(1, programs);
const runs = Number(third ?? 7);
const clis = process.env.BPFTOP_CLIS?.split(',') ?? [cliPath];
const wall = clis.map((): number[] => []);
const cpu = clis.map((): number[] => []);
installSignalCleanup();
const set = backend === 'bpftool' && programs > 0 ? createLoadedSet() : undefined;
try {
	await set?.growTo(programs);
	for (let i = 0; i < runs; i++) {
		for (const [index, cli] of clis.entries()) {
			const result = await measureStart({...subject, command: cli}, {columns: 120, rows: 40});
			if (!result.ok) throw new Error(result.reason);
			wall[index]!.push(result.firstFrameMs);
			cpu[index]!.push(result.firstFrameCpuMs);
		}
	}
} finally {
	set?.remove();
	runCleanups();
}

const ms = (value: number) => value.toFixed(0);
for (const [index, cli] of clis.entries()) {
	const w = wall[index]!;
	const c = cpu[index]!;
	console.log(`${cli} ${backend} ${programs || ''}: first frame median ${ms(median(w))} ms wall (min ${ms(Math.min(...w))}), ${ms(median(c))} ms CPU (min ${ms(Math.min(...c))}); runs: ${w.map(ms).join(' ')}`);
}
