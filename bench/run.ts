// `npm run bench`: bpftop-ts next to htop, measured the same way in the same session, written to
// bench/results.md. `-- --soak MINUTES` runs the soak instead (bench/soak.ts).
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseBenchArgs} from './args.js';
import {installSignalCleanup, onCleanup, runCleanups} from './cleanup.js';
import {createLoadedSet, kernelUnavailable} from './kernel-fixture.js';
import {bpftoolBatchMs, describeMachine, ensureHtop} from './machine.js';
import {killLivePtys, measure, type Measured, type Unavailable, type Window} from './pty-run.js';
import {resultsMarkdown, textTable, verdicts, verdictText, type Row, type Soak} from './report.js';
import {runSoak} from './soak.js';
import {bpftoolSubject, emulatorSubject, htopSubject} from './subjects.js';
import {bigMapsSection, runBigMaps} from './big-maps-run.js';
import {subjectKinds} from './args.js';
import {measureHolderScan} from './holders.js';
import {measureInstalls} from './installs.js';
import {floodUnavailable, floodVerdict, measureTraceFlood} from './trace-flood.js';

const parsed = parseBenchArgs(process.argv.slice(2));
if (!parsed.ok) {
	process.stderr.write(`bench: ${parsed.error}\n`);
	process.exit(2);
}

const args = parsed.args;
installSignalCleanup();
onCleanup(killLivePtys);
const resultsPath = fileURLToPath(new URL('results.md', import.meta.url));
const soakJsonPath = fileURLToPath(new URL('soak.json', import.meta.url));
const intervalS = 1;
const columns = 120;
const rows = 40;
// The first frame: the median of 5 starts (3 with --quick).
const starts = args.quick ? 3 : 5;
const window: Window = {columns, rows, warmupMs: args.warmupS * 1000, windowMs: args.windowS * 1000, starts};

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The mean of two htop runs (one first, one last), so a machine that got busier midway evens out. */
function mean(a: Measured | Unavailable, b: Measured | Unavailable): Measured | Unavailable {
	if (!a.ok) return b;
	if (!b.ok) return a;
	const avg = (key: keyof Omit<Measured, 'ok'>) => (a[key] + b[key]) / 2;
	return {
		ok: true,
		firstFrameMs: avg('firstFrameMs'),
		firstFrameCpuMs: avg('firstFrameCpuMs'),
		refreshes: a.refreshes + b.refreshes,
		cpuMsPerRefresh: avg('cpuMsPerRefresh'),
		warmupCpuMsPerRefresh: avg('warmupCpuMsPerRefresh'),
		childCpuMsPerRefresh: avg('childCpuMsPerRefresh'),
		bytesPerRefresh: avg('bytesPerRefresh'),
		rssWarmKb: avg('rssWarmKb'),
		rssEndKb: avg('rssEndKb'),
		fdsWarm: a.fdsWarm,
		fdsEnd: b.fdsEnd,
	};
}

async function comparison(): Promise<void> {
	const machine = describeMachine();
	const results: Row[] = [];
	const notes: string[] = [];
	const htopMissing = args.htop ? ensureHtop() : 'skipped with --no-htop';

	let htopFirst: Measured | Unavailable = {ok: false, reason: htopMissing ?? ''};
	if (!htopMissing) {
		log('htop');
		htopFirst = await measure(htopSubject(intervalS), window);
	}

	for (const programs of args.only.includes('emulator') ? [10, 100, 1000] : []) {
		log(`emulator, ${programs} programs`);
		const result = await measure(emulatorSubject(intervalS, programs), window);
		if (!result.ok) process.stdout.write(`emulator: not available (${result.reason})\n`);
		results.push({label: `emulator, ${programs} programs`, backend: 'emulator', programs, result});
		// The same reason for every size: no need to ask three times.
		if (!result.ok) {
			for (const more of [100, 1000].filter(size => size > programs)) results.push({label: `emulator, ${more} programs`, backend: 'emulator', programs: more, result});
			break;
		}
	}

	const noKernel = kernelUnavailable();
	const kernelSizes = args.only.includes('bpftool') ? (args.quick ? [100] : [100, 1000]) : [];
	if (kernelSizes.length === 0) {
		// Left out with --only.
	} else if (noKernel) {
		process.stdout.write(`kernel: not available (${noKernel})\n`);
		for (const programs of kernelSizes) results.push({label: `bpftool, ${programs} programs`, backend: 'bpftool', programs, result: {ok: false, reason: noKernel}});
	} else {
		const set = createLoadedSet();
		notes.push(
			'Real kernel: copies of test/bpf/hello.bpf.c loaded and pinned by the bench (removed at the end). During the window one program after another is run through BPF_PROG_TEST_RUN (`bpftool prog run`) every 200 ms, so run counts change between refreshes as on a busy machine; with nothing changing, the monitor writes nothing at all.',
		);
		try {
			for (const programs of kernelSizes) {
				log(`loading ${programs} programs`);
				await set.growTo(programs);
				log(`bpftool, ${programs} programs`);
				const batchMs = bpftoolBatchMs();
				const result = await measure(bpftoolSubject(intervalS), {...window, during: () => set.activity(200)});
				results.push({label: `bpftool, ${programs} programs`, backend: 'bpftool', programs, result, batchMs});
			}
		} finally {
			set.remove();
		}
	}

	let htop = htopFirst;
	if (!htopMissing) {
		log('htop again');
		htop = mean(htopFirst, await measure(htopSubject(intervalS), window));
	}

	results.unshift({label: 'htop', backend: 'htop', result: htop});
	if (!htop.ok && !htopMissing) notes.push(`htop did not run: ${htop.reason}`);

	notes.push('Where the time goes (profile of the monitor at 100 programs, first frame, memory): [profile.md](profile.md).');
	log('holder scan at 1,000 processes');
	const holders = await measureHolderScan(1000);
	const noFlood = floodUnavailable();
	if (noFlood) {
		notes.push(`Trace flood (bench/trace-flood.ts): not measured (${noFlood}).`);
	} else {
		log('trace flood: cat and bpftop-ts in turn');
		const flood = await measureTraceFlood();
		const rate = (values: number[]) => values.map(value => Math.round(value).toLocaleString('en')).join(', ');
		const share = (values: number[]) => values.map(value => `${(value * 100).toFixed(0)}%`).join(', ');
		notes.push(
			`Trace flood (bench/trace-flood.ts, a bpftrace debugf on every getppid from two perl loops): cat read ${rate(flood.catPerSec)} lines/s (${share(flood.catShare)} of the lines printed), bpftop-ts's reader ${rate(flood.oursPerSec)} lines/s (${share(flood.oursShare)}): ${(flood.ratio * 100).toFixed(0)}% of cat's lines/s, ${(flood.shareRatio * 100).toFixed(0)}% of its share; budget ≥ 90%: ${floodVerdict(flood)}. Our reader's process (reader, trace log, tsx) peaked at ${flood.oursRssMb.toFixed(0)} MB RSS.`,
		);
	}

	notes.push(
		`PROCESS column (bench/holders.ts): scanning /proc/<pid>/fdinfo at ${holders.processes} processes (${holders.descriptors} descriptors) takes ${holders.scanMs.toFixed(1)} ms; the monitor scans again only when a program, map or link comes or goes (at most every 2 s) or after 30 s, so a refresh carries ${holders.perRefreshMs.toFixed(2)} ms of it on average at 1 refresh/s.`,
	);
	notes.push(
		'On the VM these figures were first taken on, identical runs differed by up to ±30% in CPU per refresh and ±100 ms in the first frame (htop too: 2.4 to 6.4 ms per refresh on different days), which is why each figure stands next to htop’s from the same run.',
	);
	const soak = existsSync(soakJsonPath) ? (JSON.parse(readFileSync(soakJsonPath, 'utf8')) as Soak) : undefined;
	if (soak) notes.push(`The soak line is the last \`--soak\` run (bench/soak.md), not this one.`);
	// The npm install next to the single file (bench/installs.ts, also bench/install.md).
	const installs = args.only.includes('install') ? (await measureInstalls(15, log)).installs : undefined;
	const list = verdicts(results, soak, installs);
	process.stdout.write(`\n${textTable(results)}\n\n${verdictText(list)}\n`);
	// Big maps have their own section of results.md, written by a run that includes them.
	const bigMaps = args.only.includes('bigmaps') ? await runBigMaps({warmupMs: args.warmupS * 1000, windowMs: args.windowS * 1000}, log) : undefined;
	if (bigMaps) process.stdout.write(`\n${bigMaps.text}\n`);
	// Only a whole run replaces the results; --only is for looking at one subject.
	if (args.only.length < subjectKinds.length) {
		if (bigMaps) {
			writeFileSync(resultsPath, bigMapsSection(readFileSync(resultsPath, 'utf8'), bigMaps.markdown));
			process.stdout.write(`\nbig maps written to ${resultsPath}\n`);
		}

		return;
	}

	const markdown = resultsMarkdown(machine, {windowS: args.windowS, warmupS: args.warmupS, intervalS, columns, rows, starts}, results, list, notes);
	writeFileSync(resultsPath, bigMaps ? bigMapsSection(markdown, bigMaps.markdown) : markdown);
	process.stdout.write(`\nwritten to ${resultsPath}\n`);
}

try {
	if (args.soakMinutes === undefined) await comparison();
	else await runSoak(args.soakMinutes, {columns, rows});
} finally {
	runCleanups();
}
