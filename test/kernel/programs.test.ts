// The foundation on the real kernel: an XDP program on loopback in our own network namespace is
// seen by `--once --json` with live rates, and run-time stats are off again afterwards.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {runCli, runInPty} from '../helpers/cli.js';
import {
	attachXdpGeneric,
	compileBpf,
	createNetns,
	kernelSkipReason,
	loadProgram,
	statsAreOff,
	startLoopbackUdp,
	statsSysctl,
	type Loaded,
	type Netns,
} from '../helpers/kernel.js';

const skip = kernelSkipReason();
if (skip) console.log(`# skipping real-kernel tests: ${skip}`);

let program: Loaded | undefined;
let netns: Netns | undefined;
let traffic: {stop(): void} | undefined;
let sysctlBefore = '0';

before(() => {
	if (skip) return;
	sysctlBefore = statsSysctl();
	program = loadProgram(compileBpf('hello'), 'programs');
	netns = createNetns('programs');
	attachXdpGeneric(netns, program.id);
	traffic = startLoopbackUdp(netns, 200);
});

after(() => {
	traffic?.stop();
	netns?.remove();
	program?.remove();
});

type JsonProgram = {id: number; name: string; type: string; tag: string; run_cnt?: number; events_per_sec: number; avg_runtime_ns: number; cpu_percent: number};

test('--once --json reports the program with its id, name and live rates', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '1']);
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as {backend: string; interval_s: number; programs: JsonProgram[]; maps: Array<{id: number}>; stats_enabled: boolean};
	assert.equal(document.backend, 'bpftool');
	assert.equal(document.stats_enabled, true);
	assert.ok(document.interval_s > 0.5 && document.interval_s < 2, String(document.interval_s));
	const hello = document.programs.find(candidate => candidate.id === program!.id);
	assert.ok(hello, 'the loaded program is listed');
	assert.equal(hello.name, 'hello');
	assert.equal(hello.type, 'xdp');
	assert.equal(hello.tag, program!.tag);
	assert.ok(hello.events_per_sec > 0, `events/s ${hello.events_per_sec}`);
	assert.ok(hello.avg_runtime_ns > 0);
	assert.ok(hello.cpu_percent > 0);
	for (const id of program!.mapIds) assert.ok(document.maps.some(map => map.id === id), `map ${id} listed`);
});

test('run-time stats are off again after the monitor exits, and the sysctl is as found', {skip}, () => {
	assert.equal(runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.3']).status, 0);
	assert.equal(statsSysctl(), sysctlBefore);
	// Stats held through an fd do not show in the sysctl: watch run_cnt stay still under traffic.
	const off = statsAreOff(program!.id, netns!);
	assert.ok(off.ok, off.detail);
});

test('the interactive monitor shows the program with a rate, and q leaves stats off', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--interval', '0.5']);
	try {
		await run.waitFor(new RegExp(`${program!.id} xdp +hello +${program!.tag} +\\S+ +[1-9]`));
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}

	assert.equal(statsSysctl(), sysctlBefore);
});

test('SIGTERM and SIGKILL both leave stats off', {skip}, async () => {
	for (const signal of ['SIGTERM', 'SIGKILL']) {
		const run = runInPty(['--backend', 'bpftool']);
		await run.waitFor(/stats on \(fd\)/);
		run.kill(signal);
		await run.exited;
		const off = statsAreOff(program!.id, netns!, [run.pid]);
		assert.ok(off.ok, `after ${signal}: ${off.detail}`);
		assert.equal(statsSysctl(), sysctlBefore);
	}
});
