// What --host and --listen cost. `node --import tsx bench/hosts.ts [--hosts 2,8] [--warmup S]
// [--window S]` (root, with openssh-server and bpftool):
//
// - per host: the monitor watches N hosts over ssh (sshd instances on 127.0.0.1, this machine's kernel
//   behind each) with -b --json at one refresh a second; the CPU of the monitor (node and its ssh
//   clients) and of the hosts' side (sshd, the runner shell, bpftool) over the window, per refresh
//   and per host. The local bpftool backend alone is the reference.
// - per scrape: the emulator with 1,000 programs serves /metrics; the monitor's CPU over a window
//   with scrapes ten times a second, minus the same window without, per scrape; and each scrape's
//   time and size.
//
// Figures go to stdout and bench/hosts.md.
import {execFileSync, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {sampleProcess} from './proc.js';
import {describeMachine} from './machine.js';
import {installSignalCleanup, onCleanup, runCleanups} from './cleanup.js';
import {createLoadedSet} from './kernel-fixture.js';
import {kernelSkipReason} from '../test/helpers/kernel.js';
import {sshdSkipReason, sshFixture, type Sshd} from '../test/helpers/sshd.js';

const cli = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const argument = (name: string, fallback: string) => {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1]! : fallback;
};

const hostCounts = argument('hosts', '2,8').split(',').map(Number);
const programs = Number(argument('programs', '100'));
const warmupS = Number(argument('warmup', '15'));
const windowS = Number(argument('window', '30'));
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
const children: ChildProcessWithoutNullStreams[] = [];
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

type Run = {child: ChildProcessWithoutNullStreams; documents: () => number; stderr: () => string};

function start(args: string[], env: Record<string, string> = {}): Run {
	const child = spawn(process.execPath, [cli, ...args], {env: {...process.env, ...env}});
	children.push(child);
	let documents = 0;
	let stderr = '';
	child.stdout.on('data', (data: Buffer) => {
		for (const byte of data) if (byte === 10) documents++;
	});
	child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
	return {child, documents: () => documents, stderr: () => stderr};
}

async function stop(run: Run): Promise<void> {
	run.child.kill('SIGTERM');
	await new Promise(resolve => run.child.once('close', resolve));
}

const cpuNs = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + (sampleProcess(pid)?.cpuNs ?? 0), 0);

type HostRow = {hosts: number; refreshes: number; monitorMs: number; perHostMs: number; jsonMs: number; hostSideMs: number; rssMb: number};

type Window = {refreshes: number; monitorNs: number; sideNs: number; rssKb: number};

/** One run over the window: the monitor's CPU and the hosts' side; refreshes counted from its output, or by the clock when it prints none. */
async function window(label: string, args: string[], sides: readonly number[]): Promise<Window> {
	const run = start(args);
	await sleep(warmupS * 1000);
	if (run.child.exitCode !== null) throw new Error(`${label}: the monitor ended: ${run.stderr()}`);
	const startMonitor = sampleProcess(run.child.pid!)!;
	const startSide = cpuNs(sides);
	const startDocuments = run.documents();
	await sleep(windowS * 1000);
	const endMonitor = sampleProcess(run.child.pid!)!;
	const endSide = cpuNs(sides);
	const printed = run.documents() - startDocuments;
	await stop(run);
	const refreshes = printed > 0 ? printed : Math.round((endMonitor.atMs - startMonitor.atMs) / 1000);
	return {refreshes, monitorNs: endMonitor.cpuNs - startMonitor.cpuNs, sideNs: endSide - startSide, rssKb: endMonitor.rssKb};
}

/**
 * The monitor watching `hostArgs` at one refresh a second: headless (--listen, nothing scraped or
 * printed: the cost of watching), and printing a JSON document per refresh (-b --json: every host's
 * programs, maps and attachments formatted, the bigger part at 100 programs a host).
 */
async function measureHosts(label: string, hostArgs: string[], sshds: readonly Sshd[], hosts: number): Promise<HostRow> {
	const sides = sshds.map(sshd => sshd.pid);
	const headless = await window(`${label} headless`, [...hostArgs, '--listen', '127.0.0.1:0', '--interval', '1'], sides);
	const json = await window(`${label} --json`, [...hostArgs, '-b', '--json', '--interval', '1'], sides);
	const monitorMs = headless.monitorNs / 1e6 / headless.refreshes;
	const row = {
		hosts,
		refreshes: headless.refreshes,
		monitorMs,
		perHostMs: monitorMs / hosts,
		jsonMs: json.monitorNs / 1e6 / json.refreshes,
		hostSideMs: sides.length === 0 ? Number.NaN : headless.sideNs / 1e6 / headless.refreshes / hosts,
		rssMb: headless.rssKb / 1024,
	};
	log(`${label}: ${JSON.stringify(row)}`);
	return row;
}

type ScrapeWindow = {scrapes: number; cpuMsPerScrape: number; medianMs: number; p95Ms: number};
type ScrapeRow = {programs: number; bytes: number; series: number; refreshCpuMs: number; fresh: ScrapeWindow; repeated: ScrapeWindow};

/**
 * The emulator with `programs` programs serving /metrics: the monitor's CPU over a window without
 * scrapes, then with one a second (each one a new model to format, as a Prometheus at a 1 s scrape
 * interval sees it), then ten a second (most of them the same model again, answered from the last
 * text). Per scrape: the CPU above the quiet window's, and its time.
 */
async function measureScrapes(programs: number): Promise<ScrapeRow> {
	const run = start(['--backend', 'emulator', '--listen', '127.0.0.1:0', '--interval', '1'], {BPFTOP_EMULATOR_PROGRAMS: String(programs)});
	let url: string | undefined;
	for (let tries = 0; tries < 400 && !url; tries++) {
		url = /serving metrics at (\S+)/.exec(run.stderr())?.[1];
		await sleep(50);
	}

	if (!url) throw new Error(`no metrics address: ${run.stderr()}`);
	await sleep(warmupS * 1000);
	const quiet0 = sampleProcess(run.child.pid!)!;
	await sleep(windowS * 1000);
	const quiet1 = sampleProcess(run.child.pid!)!;
	const quietNsPerMs = (quiet1.cpuNs - quiet0.cpuNs) / (quiet1.atMs - quiet0.atMs);
	let bytes = 0;
	let series = 0;
	const scrapeWindow = async (everyMs: number): Promise<ScrapeWindow> => {
		const times: number[] = [];
		const before = sampleProcess(run.child.pid!)!;
		const until = Date.now() + windowS * 1000;
		while (Date.now() < until) {
			const began = performance.now();
			const text = await (await fetch(url)).text();
			times.push(performance.now() - began);
			bytes = text.length;
			series = text.split('\n').filter(line => line !== '' && !line.startsWith('#')).length;
			await sleep(Math.max(0, everyMs - (performance.now() - began)));
		}

		const after = sampleProcess(run.child.pid!)!;
		const sorted = [...times].sort((a, b) => a - b);
		return {
			scrapes: times.length,
			cpuMsPerScrape: (after.cpuNs - before.cpuNs - quietNsPerMs * (after.atMs - before.atMs)) / 1e6 / times.length,
			medianMs: sorted[Math.floor(sorted.length / 2)]!,
			p95Ms: sorted[Math.floor(sorted.length * 0.95)]!,
		};
	};

	const fresh = await scrapeWindow(1000);
	const repeated = await scrapeWindow(100);
	await stop(run);
	const row = {programs, bytes, series, refreshCpuMs: quietNsPerMs * 1000 / 1e6, fresh, repeated};
	log(`scrapes: ${JSON.stringify(row)}`);
	return row;
}

async function main() {
	const skip = kernelSkipReason() ?? sshdSkipReason();
	if (skip) throw new Error(`needs the real kernel and sshd: ${skip}`);
	installSignalCleanup();
	const ssh = sshFixture();
	onCleanup(() => ssh.cleanup());
	// The kernel behind every "host" holds `programs` of the bench's own, running now and then.
	const loaded = createLoadedSet();
	await loaded.growTo(programs);
	const activity = loaded.activity(50);
	try {
		const most = Math.max(...hostCounts);
		const sshds: Sshd[] = [];
		for (let index = 0; index < most; index++) sshds.push(await ssh.start());
		const rows: Array<HostRow & {label: string}> = [];
		rows.push({label: 'local bpftool (no --host)', ...(await measureHosts('local', ['--backend', 'bpftool'], [], 1))});
		for (const count of hostCounts) {
			const used = sshds.slice(0, count);
			const args = ['--ssh-config', ssh.configFile, ...used.flatMap(sshd => ['--host', sshd.host])];
			rows.push({label: `${count} hosts over ssh`, ...(await measureHosts(`${count} hosts`, args, used, count))});
		}

		const scrape = await measureScrapes(1000);
		const programsNow = execFileSync('bpftool', ['-j', 'prog', 'show'], {encoding: 'utf8'});
		await activity.stop();
		const machine = describeMachine();
		const report = [
			'# --host and --listen: what they cost',
			'',
			`${machine.date.slice(0, 10)}, ${machine.cpu} × ${machine.cores}, kernel ${machine.kernel}, load ${machine.load.toFixed(1)}; ${(JSON.parse(programsNow) as unknown[]).length} programs loaded on the kernel behind every "host" (${programs} of the bench's, run by BPF_PROG_TEST_RUN now and then); warm-up ${warmupS} s, window ${windowS} s; \`node --import tsx bench/hosts.ts [--programs N] [--hosts 2,8]\`.`,
			'',
			'Every host is an sshd on 127.0.0.1 in front of this machine\'s kernel. Monitor: node and its ssh clients (one connection and one bpftool runner session per host). Host side: sshd, the runner\'s shell and bpftool, per host. The local row is the monitor with bpftool as its own child (and the PROCESS column\'s /proc scan): there bpftool\'s CPU is the monitor\'s; over ssh it is the host\'s. Measured headless (--listen, not scraped: the cost of watching); the last column prints a JSON document per refresh as well (-b --json, which also asks every host for its attachments).',
			'',
			'| run | refreshes | monitor CPU / refresh | per host | host side / host / refresh | monitor RSS | with -b --json / refresh |',
			'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
			...rows.map(
				row =>
					`| ${row.label} | ${row.refreshes} | ${row.monitorMs.toFixed(1)} ms | ${row.perHostMs.toFixed(1)} ms | ${Number.isNaN(row.hostSideMs) ? '-' : `${row.hostSideMs.toFixed(1)} ms`} | ${row.rssMb.toFixed(0)} MB | ${row.jsonMs.toFixed(1)} ms |`,
			),
			'',
			`/metrics at ${scrape.programs} emulated programs: ${scrape.series} series, ${(scrape.bytes / 1024).toFixed(0)} KB per scrape; the monitor refreshes for ${scrape.refreshCpuMs.toFixed(0)} ms of CPU a second without scrapes.`,
			'',
			'| scrapes | count | monitor CPU / scrape | time (median) | time (95th pct) |',
			'| --- | ---: | ---: | ---: | ---: |',
			...[
				['one a second (each a new model to format)', scrape.fresh],
				['ten a second (the same model again: its last text)', scrape.repeated],
			].map(([label, window]) => {
				const w = window as ScrapeWindow;
				return `| ${label as string} | ${w.scrapes} | ${w.cpuMsPerScrape.toFixed(1)} ms | ${w.medianMs.toFixed(1)} ms | ${w.p95Ms.toFixed(1)} ms |`;
			}),
			'',
		].join('\n');
		process.stdout.write(report);
		writeFileSync(fileURLToPath(new URL('hosts.md', import.meta.url)), report);
	} finally {
		for (const child of children) child.kill('SIGKILL');
		runCleanups();
	}
}

main().catch(error => {
	for (const child of children) child.kill('SIGKILL');
	process.stderr.write(`bench: ${(error as Error).message}\n`);
	process.exit(1);
});
