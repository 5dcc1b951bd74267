// The big-map part of `npm run bench` (`-- --only bigmaps` runs it alone): loads the maps, keeps
// their counters moving, measures each map's value table and its `--once --json`, and renders the
// figures with the budget verdicts as text (stdout) and as a section of results.md.
import {bigMapVerdicts, createBigMaps, measureOnce, measureTable, percentile, type Failed, type OnceFigures, type TableFigures} from './big-maps.js';
import {kernelUnavailable} from './kernel-fixture.js';
import {formatNumber} from './text.js';

const begin = '<!-- big-maps -->';
const end = '<!-- /big-maps -->';

export type BigMapsResult = {readonly text: string; readonly markdown: string};

type Subject = {readonly label: string; readonly table: TableFigures | Failed; readonly once: OnceFigures | Failed};

export async function runBigMaps(timing: {warmupMs: number; windowMs: number}, log: (text: string) => void): Promise<BigMapsResult> {
	const missing = kernelUnavailable();
	if (missing) return {text: `big maps: not available (${missing})`, markdown: `${begin}\n## Big maps\n\nNot measured: ${missing}.\n${end}`};
	log('big maps: loading a 1,000,000-entry hash (200,000 in use) and a 1,000,000-entry array');
	const maps = await createBigMaps();
	const activity = maps.activity(200);
	const subjects: Subject[] = [];
	try {
		for (const [label, id] of [
			['hash 1M, 200k used', maps.hashId],
			['array 1M', maps.arrayId],
		] as const) {
			log(`big maps: ${label}, value table`);
			const table = await measureTable(id, timing);
			log(`big maps: ${label}, --once --json`);
			const once = await measureOnce(id);
			subjects.push({label, table, once});
		}
	} finally {
		await activity.stop();
		maps.remove();
	}

	const verdicts = subjects.flatMap(subject => bigMapVerdicts(subject.label, subject.table, subject.once));
	const figures = subjects.map(({label, table, once}) => [
		label,
		table.ok ? formatNumber(table.cpuMsPerRefresh) : '–',
		table.ok ? formatNumber(table.rssMaxMb) : '–',
		table.ok ? `${formatNumber(percentile(table.keysDuringRead, 0.5))} / ${formatNumber(percentile(table.keysDuringRead, 0.95))} (${table.keysDuringRead.length})` : '–',
		table.ok ? `${formatNumber(percentile(table.keysOther, 0.5))} / ${formatNumber(percentile(table.keysOther, 0.95))} (${table.keysOther.length})` : '–',
		once.ok ? formatNumber(once.wallMs / 1000) : '–',
		once.ok ? formatNumber(once.peakRssMb) : '–',
		once.ok ? formatNumber(once.bytes / 1e6) : '–',
	]);
	const header = ['map', 'CPU ms/refresh', 'RSS max MB', 'key ms during reads: median / p95 (n)', 'key ms otherwise', '--once --json s', 'peak RSS MB', 'JSON MB'];
	const text = [
		header.join(' | '),
		...figures.map(row => row.join(' | ')),
		'',
		...verdicts.map(verdict => `${verdict.status.padEnd(4)} ${verdict.budget}: ${verdict.measured}`),
	].join('\n');
	const markdown = [
		begin,
		'## Big maps',
		'',
		'`npm run bench -- --only bigmaps` (part of a whole run): test/bpf/big-maps.bpf.c loaded and pinned by the bench, a',
		'hash of max 1,000,000 entries with 200,000 in use and an array of 1,000,000 (u32 → u64, with BTF), 5,000 random',
		'counters of each bumped every 200 ms (BPF_PROG_TEST_RUN). Each map\'s value table runs in a 120×40 pty at one',
		`refresh a second (${formatNumber(timing.warmupMs / 1000)} s warm-up, ${formatNumber(timing.windowMs / 1000)} s window); a key is \`?\` (help on, help off), timed from the`,
		'write to its text on screen, pressed every 150-350 ms and counted as "during a read" when the title line said',
		'`reading …` as it was pressed. `--once --json` of each map is read through a pipe; its peak RSS is VmHWM.',
		'',
		`| ${header.join(' | ')} |`,
		`| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
		...figures.map(row => `| ${row.join(' | ')} |`),
		'',
		'| status | budget | measured |',
		'| --- | --- | --- |',
		...verdicts.map(verdict => `| ${verdict.status} | ${verdict.budget} | ${verdict.measured} |`),
		end,
	].join('\n');
	return {text, markdown};
}

/** results.md with its big-map section replaced (or added at the end). */
export function bigMapsSection(results: string, section: string): string {
	const from = results.indexOf(begin);
	const to = results.indexOf(end);
	if (from >= 0 && to > from) return results.slice(0, from) + section + results.slice(to + end.length);
	return `${results.trimEnd()}\n\n${section}\n`;
}
