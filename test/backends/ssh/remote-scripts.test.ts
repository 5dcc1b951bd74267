// The scripts a watched host runs, run here (this machine is a host like any other): the stats
// holders keep a BPF_ENABLE_STATS fd (or the sysctl) only while their input is open, the bpftool
// runner answers framed batches, and the connection script reports who it is and how stats are on.
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {test} from 'node:test';
import {frameReader} from '../../../source/backends/ssh/batch-frames.js';
import {batchScript, connectionScript, perlStatsHolder, pythonStatsHolder, sysctlStatsHolder} from '../../../source/backends/ssh/remote-scripts.js';
import {kernelSkipReason} from '../../helpers/kernel.js';

const skip = kernelSkipReason();
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

function start(file: string, args: string[]): {child: ChildProcessWithoutNullStreams; lines: string[]; next(pattern: RegExp): Promise<string>; exited: Promise<number | null>} {
	const child = spawn(file, args);
	const lines: string[] = [];
	let partial = '';
	const waiters: Array<() => void> = [];
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (text: string) => {
		const parts = (partial + text).split('\n');
		partial = parts.pop() ?? '';
		lines.push(...parts);
		for (const wake of waiters.splice(0)) wake();
	});
	const exited = new Promise<number | null>(resolve => child.on('close', resolve));
	return {
		child,
		lines,
		exited,
		async next(pattern) {
			const deadline = Date.now() + 10_000;
			for (;;) {
				const found = lines.find(line => pattern.test(line));
				if (found !== undefined) return found;
				if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in ${JSON.stringify(lines)}`);
				await new Promise<void>(resolve => {
					waiters.push(resolve);
					setTimeout(resolve, 100);
				});
			}
		},
	};
}

function holdsStatsFd(pid: number): boolean {
	try {
		return readdirSync(`/proc/${pid}/fd`).some(fd => {
			try {
				return readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:bpf-stats';
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
}

for (const [name, file, flag, script] of [
	['perl', 'perl', '-e', perlStatsHolder],
	['python3', 'python3', '-c', pythonStatsHolder],
] as const) {
	test(`the ${name} holder keeps a stats fd until its input closes`, {skip: skip ?? (has(file) ? undefined : `${file} is not installed`)}, async () => {
		const holder = start(file, [flag, script]);
		try {
			assert.equal(await holder.next(/^bpftop-ts:stats/), 'bpftop-ts:stats fd');
			assert.ok(holdsStatsFd(holder.child.pid!), 'an anon_inode:bpf-stats fd is open');
			holder.child.stdin.end();
			assert.equal(await holder.exited, 0);
		} finally {
			holder.child.kill('SIGKILL');
		}
	});
}

test('the sysctl holder turns stats on and back off when its input closes', {skip: skip ?? (readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim() === '0' ? undefined : 'the sysctl is on already')}, async () => {
	const holder = start('sh', ['-c', sysctlStatsHolder]);
	try {
		assert.equal(await holder.next(/^bpftop-ts:stats/), 'bpftop-ts:stats sysctl');
		assert.equal(readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim(), '1');
		holder.child.stdin.end();
		await holder.exited;
	} finally {
		holder.child.kill('SIGKILL');
	}

	assert.equal(readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim(), '0');
});

test('the connection script says who it is, which bpftool, how stats are on, and holds them until its input closes', {skip}, async () => {
	const script = start('sh', ['-c', connectionScript, 'bpftop-ts', 'bpftool', perlStatsHolder, pythonStatsHolder, sysctlStatsHolder]);
	try {
		assert.equal(await script.next(/^bpftop-ts:uid/), 'bpftop-ts:uid 0');
		assert.match(await script.next(/^bpftop-ts:version/), /^bpftop-ts:version \{"version":"\d/);
		const stats = await script.next(/^bpftop-ts:stats /);
		assert.match(stats, /^bpftop-ts:stats (fd|already-on)$/);
		script.child.stdin.end();
		assert.equal(await script.exited, 0);
	} finally {
		script.child.kill('SIGKILL');
	}

	const missing = start('sh', ['-c', connectionScript, 'bpftop-ts', '/nonexistent/bpftool', perlStatsHolder, pythonStatsHolder, sysctlStatsHolder]);
	assert.match(await missing.next(/^bpftop-ts:error/), /^bpftop-ts:error 127 /);
	assert.equal(await missing.exited, 0);
});

test('the bpftool runner answers each framed request, a failing one with its status and stderr, and ends with its input', {skip}, async () => {
	const token = 'bpftop-ts-test-token';
	const runner = spawn('sh', ['-c', batchScript, 'bpftop-ts', 'bpftool', token]);
	const reader = frameReader(token);
	const answers: Array<{stdout: string; status: number; stderr: string}> = [];
	runner.stdout.setEncoding('utf8');
	runner.stdout.on('data', (text: string) => answers.push(...reader.push(text)));
	const exited = new Promise(resolve => runner.on('close', resolve));
	const wait = async (count: number) => {
		while (answers.length < count) await new Promise(resolve => setTimeout(resolve, 20));
	};

	runner.stdin.write('batch 2\nversion\nprog show\n');
	await wait(1);
	const first = JSON.parse(answers[0]!.stdout) as Array<{command: string[]}>;
	assert.deepEqual(first.map(entry => entry.command.join(' ')), ['version', 'prog show']);
	assert.equal(answers[0]!.status, 0);
	runner.stdin.write('batch 1\nmap dump id 4294967295\n');
	await wait(2);
	assert.equal(answers[1]!.status, 255);
	assert.match(answers[1]!.stdout, /"error"/);
	runner.stdin.write('batch 1 -f\nprog show\n');
	await wait(3);
	assert.equal(answers[2]!.status, 0);
	runner.stdin.end();
	await exited;
});
