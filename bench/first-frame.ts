// Time to the first full frame only, repeated: for trying start-up changes quickly.
//   node --import tsx bench/first-frame.ts [emulator PROGRAMS | bpftool] [runs]
// `bpftool` times the programs loaded now (`npm run bench` loads its own with bench/kernel-fixture.ts).
// BPFTOP_CLIS=a/cli.cjs,b/cli.cjs compares builds, run in turn so that a machine's drift hits all alike.
import {measureStart, median} from './pty-run.js';
import {bpftoolSubject, cliPath, emulatorSubject} from './subjects.js';

const [backend = 'emulator', second = '100', third] = process.argv.slice(2);
const subject = backend === 'bpftool' ? bpftoolSubject(1) : emulatorSubject(1, Number(second));
const runs = Number(backend === 'bpftool' ? second : third ?? 7);
const clis = process.env.BPFTOP_CLIS?.split(',') ?? [cliPath];
const wall = clis.map((): number[] => []);
const cpu = clis.map((): number[] => []);
for (let i = 0; i < runs; i++) {
	for (const [index, cli] of clis.entries()) {
		const result = await measureStart({...subject, command: cli}, {columns: 120, rows: 40});
		if (!result.ok) throw new Error(result.reason);
		wall[index]!.push(result.firstFrameMs);
		cpu[index]!.push(result.firstFrameCpuMs);
	}
}

const ms = (value: number) => value.toFixed(0);
for (const [index, cli] of clis.entries()) {
	const w = wall[index]!;
	const c = cpu[index]!;
	console.log(`${cli} ${backend} ${backend === 'bpftool' ? '' : second}: first frame median ${ms(median(w))} ms wall (min ${ms(Math.min(...w))}), ${ms(median(c))} ms CPU (min ${ms(Math.min(...c))}); runs: ${w.map(ms).join(' ')}`);
}
