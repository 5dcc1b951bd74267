// Where the monitor's time goes: runs it in a 120×40 pseudo-terminal under `node --cpu-prof` and
// prints the functions with the most CPU, after a warm-up (the JIT keeps compiling for ~30 s).
// Usage: node --import tsx bench/profile.ts [emulator|bpftool] [programs] [seconds] [skip-seconds] [interval-seconds]
// Build with `node scripts/build.mjs --readable` first, or the functions have minified names.
// The bpftool backend needs root: the programs are loaded (and removed) by the bench's fixture.
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pty from 'node-pty';
import {createLoadedSet} from './kernel-fixture.js';
import {cliPath} from './subjects.js';

type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; children?: number[]};
type Profile = {nodes: Node[]; samples: number[]; timeDeltas: number[]};

const [backend = 'emulator', programs = '100', seconds = '60', skip = '25', interval = '1'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'bpftop-profile-'));
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function run(): Promise<void> {
	const args = ['--max-semi-space-size=8', '--cpu-prof', `--cpu-prof-dir=${dir}`, cliPath, '--backend', backend, '--interval', interval, ...(backend === 'emulator' ? ['--seed', '1'] : [])];
	const child = pty.spawn(process.execPath, args, {name: 'xterm-256color', cols: 120, rows: 40, env: {...(process.env as Record<string, string>), CI: 'false', BPFTOP_EMULATOR_PROGRAMS: programs}});
	child.onData(() => {});
	await sleep(Number(seconds) * 1000);
	child.write('q');
	await sleep(3000);
}

if (backend === 'bpftool') {
	const set = createLoadedSet();
	try {
		await set.growTo(Number(programs));
		const activity = set.activity(200);
		await run();
		await activity.stop();
	} finally {
		set.remove();
	}
} else await run();

const file = readdirSync(dir).find(name => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const text = readFileSync(join(dir, file), 'utf8');
if (process.env.BPFTOP_PROFILE_KEEP) writeFileSync(process.env.BPFTOP_PROFILE_KEEP, text);
const profile = JSON.parse(text) as Profile;
rmSync(dir, {recursive: true});

const byId = new Map(profile.nodes.map(node => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: Node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let at = 0;
let busy = 0;
for (const [index, sample] of profile.samples.entries()) {
	at += profile.timeDeltas[index] ?? 0;
	if (at < Number(skip) * 1e6) continue;
	const node = byId.get(sample)!;
	const us = profile.timeDeltas[index] ?? 0;
	if (node.callFrame.functionName === '(idle)') continue;
	busy += us;
	self.set(name(node), (self.get(name(node)) ?? 0) + us);
	const seen = new Set<string>();
	for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
		const key = name(byId.get(id)!);
		if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
		seen.add(key);
	}
}

const window = Number(seconds) - Number(skip);
const top = (map: Map<string, number>) =>
	[...map]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 25)
		.map(([key, us]) => `${(us / 1000 / window).toFixed(2).padStart(8)} ms/s  ${key}`)
		.join('\n');
process.stdout.write(`${backend}, ${programs} programs: ${(busy / 1000 / window).toFixed(1)} ms of main-thread CPU per second over the last ${window} s\n`);
process.stdout.write(`\nself\n${top(self)}\n\ninclusive\n${top(inclusive)}\n`);
