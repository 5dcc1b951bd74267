// The two ways to install, side by side — the npm package (packed, installed
// with npm install -g into an empty prefix, started through its bin) and the single executable
// (npm run sea) — their size on disk and their start: the first full frame on the emulator with
// 100 programs (the median of 5 starts, in turn), then CPU per refresh and memory over a short
// window. Run by `npm run bench` (its single-file budget line) and alone by `npm run bench:install`;
// both write bench/install.md.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {onCleanup} from './cleanup.js';
import {measure, measureStart, median, type Measured, type Subject} from './pty-run.js';
import {emulatorSubject} from './subjects.js';
import {formatNumber} from './text.js';
import type {Installs} from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const starts = 5;
const terminal = {columns: 120, rows: 40};

/** Bytes of a file, or of every file under a directory. */
function sizeOf(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.size;
	return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function run(command: string, args: string[], cwd = root) {
	const result = spawnSync(command, args, {cwd, encoding: 'utf8', timeout: 300_000});
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

/** Builds both, measures both, writes bench/install.md; the caller runs the cleanups. */
export async function measureInstalls(windowS: number, log: (text: string) => void): Promise<{markdown: string; installs: Installs}> {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-install-bench-'));
	onCleanup(() => rmSync(dir, {recursive: true, force: true}));
	// dist/ is built by the npm script that runs the bench (bench, bench:install); the single file from it.
	log('building the single executable');
	run(process.execPath, ['scripts/sea.mjs']);
	const sea = join(root, 'dist', 'sea', `bpftop-ts-linux-${process.arch}`);
	if (!existsSync(sea)) throw new Error(`${sea} was not built`);

	log('npm pack and npm install -g --prefix');
	const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir])) as Array<{filename: string}>;
	const prefix = join(dir, 'prefix');
	run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed!.filename)]);

	const base = emulatorSubject(1, 100);
	const ways: Array<{label: string; subject: Subject; size: string}> = [
		{
			label: 'npm install -g',
			subject: {...base, command: join(prefix, 'bin', 'bpftop-ts')},
			size: `${formatNumber(sizeOf(join(dir, packed!.filename)) / 1e6)} MB packed, ${formatNumber(sizeOf(join(prefix, 'lib', 'node_modules', 'bpftop-ts')) / 1e6)} MB installed (+ Node.js)`,
		},
		{label: 'single executable', subject: {...base, command: sea}, size: `${formatNumber(sizeOf(sea) / 1e6)} MB, one file, nothing else`},
	];

	const wall = ways.map((): number[] => []);
	const cpu = ways.map((): number[] => []);
	for (let start = 0; start < starts; start++) {
		for (const [index, way] of ways.entries()) {
			log(`${way.label}: start ${start + 1} of ${starts}`);
			const result = await measureStart(way.subject, terminal);
			if (!result.ok) throw new Error(`${way.label}: ${result.reason}`);
			wall[index]!.push(result.firstFrameMs);
			cpu[index]!.push(result.firstFrameCpuMs);
		}
	}

	const windows: Measured[] = [];
	for (const way of ways) {
		log(`${way.label}: ${windowS} s window`);
		const result = await measure(way.subject, {...terminal, warmupMs: windowS * 1000, windowMs: windowS * 1000});
		if (!result.ok) throw new Error(`${way.label}: ${result.reason}`);
		windows.push(result);
	}

	const ms = (values: number[]) => formatNumber(median(values));
	const rows = ways.map((way, index) => {
		const window = windows[index]!;
		return `| ${way.label} | ${way.size} | ${ms(wall[index]!)} | ${ms(cpu[index]!)} | ${formatNumber(window.cpuMsPerRefresh)} | ${formatNumber(window.rssEndKb / 1024)} |`;
	});
	const markdown = [
		'# Install: the npm package and the single executable',
		'',
		'Written by `npm run bench:install` (bench/install.ts). The emulator with 100 programs in a pseudo-terminal of',
		`120×40, refreshing every 1 s. First frame: the median of ${starts} starts, the two alternating. CPU per refresh and`,
		`resident memory: over ${windowS} s after a ${windowS} s warm-up.`,
		'',
		`- node: ${process.version}; ${new Date().toISOString()}`,
		'',
		'| install | size | first frame ms | CPU to first frame ms | CPU ms/refresh | RSS MB |',
		'| --- | --- | ---: | ---: | ---: | ---: |',
		...rows,
		'',
		'- The npm bin starts node with `--max-semi-space-size=8`; the single executable cannot pass node a flag, so its',
		'  young generation may grow to V8’s default (more resident memory when busy). Both start through a code cache',
		'  made under their own flags.',
		'- Its size is node’s own binary (stripped of symbols) plus the bundle, its cache and koffi’s native module.',
		'',
	].join('\n');
	writeFileSync(join(root, 'bench', 'install.md'), markdown);
	return {markdown, installs: {npmFirstFrameMs: median(wall[0]!), singleFirstFrameMs: median(wall[1]!)}};
}
