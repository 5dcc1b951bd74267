// The soak: the monitor at 10 refreshes per second for MINUTES while programs load and vanish
// (real kernel) — resident memory and open fds sampled over time must stay flat.
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createLoadedSet, kernelUnavailable} from './kernel-fixture.js';
import {describeMachine} from './machine.js';
import type {ProcessSample} from './proc.js';
import {measure, type Subject} from './pty-run.js';
import {soakIsFlat, summariseSoak} from './report.js';
import {bpftoolSubject, emulatorSubject} from './subjects.js';
import {formatNumber} from './text.js';

const intervalS = 0.1;

export async function runSoak(minutes: number, size: {columns: number; rows: number}): Promise<void> {
	const noKernel = kernelUnavailable();
	const set = noKernel ? undefined : createLoadedSet();
	const samples: ProcessSample[] = [];
	try {
		let subject: Subject;
		if (set) {
			process.stderr.write('bench: loading 100 programs for the soak\n');
			await set.growTo(100);
			subject = bpftoolSubject(intervalS);
		} else {
			process.stdout.write(`kernel: not available (${noKernel}); soaking the emulator\n`);
			subject = emulatorSubject(intervalS, 100);
		}

		const windowMs = minutes * 60_000;
		process.stderr.write(`bench: soak for ${minutes} min at ${1 / intervalS} refreshes/s${set ? ', programs loading and vanishing' : ''}\n`);
		const result = await measure(subject, {
			...size,
			warmupMs: 5000,
			windowMs,
			// About 60 samples whatever the length, at least one every 10 s.
			sampleEveryMs: Math.min(10_000, Math.max(1000, windowMs / 60)),
			onSample(sample) {
				samples.push(sample);
				process.stderr.write(`bench: ${formatNumber((sample.atMs - (samples[0]?.atMs ?? sample.atMs)) / 1000)} s  RSS ${formatNumber(sample.rssKb / 1024)} MB  fds ${sample.fds}\n`);
			},
			during: set ? () => set.churn(50) : undefined,
		});
		if (!result.ok) {
			process.stdout.write(`soak: not available (${result.reason})\n`);
			return;
		}

		const soak = summariseSoak(
			minutes,
			samples.map(sample => ({rssMb: sample.rssKb / 1024, fds: sample.fds})),
		);
		const flat = soakIsFlat(soak);
		const summary = `${flat ? 'flat' : 'NOT flat'}: median RSS first quarter ${formatNumber(soak.rssFirstMb)} → last quarter ${formatNumber(soak.rssLastMb)} MB (max ${formatNumber(soak.rssMaxMb)}), fewest fds ${soak.fdsFirst} → ${soak.fdsLast}, CPU ${formatNumber(result.cpuMsPerRefresh)} ms per refresh`;
		process.stdout.write(`\nsoak ${minutes} min (${set ? 'bpftool, 100 programs + churn' : 'emulator, 100 programs'}): ${summary}\n`);
		const machine = describeMachine();
		const start = samples[0]?.atMs ?? 0;
		const markdown = [
			'# Soak',
			'',
			`Written by \`npm run bench -- --soak ${minutes}\` on ${machine.date} (${machine.cpu}, ${machine.cores} cores, kernel ${machine.kernel}, node ${machine.node}).`,
			`The monitor refreshed ${1 / intervalS} times per second in a ${size.columns}×${size.rows} pseudo-terminal for ${minutes} min, after a 5 s warm-up,`,
			set ? 'on the real kernel with 100 programs loaded and one more loading and vanishing every 100 ms.' : 'on the emulator with 100 programs.',
			'',
			`**${summary}**`,
			'',
			'| s | RSS MB | fds |',
			'| ---: | ---: | ---: |',
			...samples.map(sample => `| ${formatNumber((sample.atMs - start) / 1000)} | ${formatNumber(sample.rssKb / 1024)} | ${sample.fds} |`),
			'',
		].join('\n');
		writeFileSync(fileURLToPath(new URL('soak.md', import.meta.url)), markdown);
		writeFileSync(fileURLToPath(new URL('soak.json', import.meta.url)), `${JSON.stringify(soak, null, '\t')}\n`);
		process.stdout.write('written to bench/soak.md\n');
	} finally {
		set?.remove();
	}
}
