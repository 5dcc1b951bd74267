// Time to the first full frame only, repeated: for trying start-up changes quickly.
// node --import tsx bench/first-frame.ts [emulator PROGRAMS | bpftool] [runs]
import {measure} from './pty-run.js';
import {bpftoolSubject, emulatorSubject} from './subjects.js';

const [backend = 'emulator', second = '100', third] = process.argv.slice(2);
const subject = backend === 'bpftool' ? bpftoolSubject(1) : emulatorSubject(1, Number(second));
const runs = Number(backend === 'bpftool' ? second : third ?? 7);
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
	const result = await measure(subject, {columns: 120, rows: 40, warmupMs: 0, windowMs: 1});
	if (!result.ok) throw new Error(result.reason);
	wall.push(result.firstFrameMs);
	cpu.push(result.firstFrameCpuMs);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`${backend} ${backend === 'bpftool' ? '' : second}: first frame median ${median(wall).toFixed(0)} ms wall (min ${Math.min(...wall).toFixed(0)}), ${median(cpu).toFixed(0)} ms CPU (min ${Math.min(...cpu).toFixed(0)}) (${runs} runs: ${wall.map(ms => ms.toFixed(0)).join(' ')})`);
