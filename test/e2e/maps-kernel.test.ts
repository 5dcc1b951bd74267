// The value table on the real kernel: an XDP program counts loopback packets in a test netns; the
// JSON shows the .bss counter and the per-port hash counters growing, and so does the TUI.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {runCli, runInPty} from '../helpers/cli.js';
import {attachXdpGeneric, bpftoolJson, compileBpf, createNetns, kernelSkipReason, loadProgram, startLoopbackUdp, type Loaded, type Netns} from '../helpers/kernel.js';

const skip = kernelSkipReason();
const loaded: Loaded[] = [];
let netns: Netns | undefined;
let traffic: {stop(): void} | undefined;
const mapIds: Record<string, number> = {};

before(() => {
	if (skip) return;
	const object = compileBpf('counters');
	loaded.push(loadProgram(object, 'maps'));
	netns = createNetns('maps');
	attachXdpGeneric(netns, loaded[0]!.id);
	traffic = startLoopbackUdp(netns, 200);
	for (const id of loaded[0]!.mapIds) mapIds[bpftoolJson<{name: string}>('map', 'show', 'id', String(id)).name] = id;
});

after(() => {
	traffic?.stop();
	netns?.remove();
	for (const program of loaded) program.remove();
});

type Entry = {key_text: string; variable?: string; delta: number | null; rate_per_sec: number | null; fields: Array<{name: string; value: number}>};
type Document = {map_values: {id: number; name: string; status: string; entries: Entry[]}};

function once(map: string): Document {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.5', '--map', map]);
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as Document;
}

test('--once --json --map: the .bss counter grows at a positive rate', {skip}, () => {
	const document = once(String(mapIds['counters.bss']));
	assert.equal(document.map_values.name, 'counters.bss');
	assert.equal(document.map_values.status, 'ok');
	const packets = document.map_values.entries.find(entry => entry.variable === 'packets');
	assert.ok(packets, JSON.stringify(document.map_values));
	assert.ok((packets.delta ?? 0) > 0, `delta ${packets.delta}`);
	assert.ok((packets.rate_per_sec ?? 0) > 0, `rate ${packets.rate_per_sec}`);
});

test('--once --json --map: per-port hash counters grow (UDP to port 9)', {skip}, () => {
	const document = once(String(mapIds['port_packets']));
	assert.equal(document.map_values.id, mapIds['port_packets']);
	const port9 = document.map_values.entries.find(entry => entry.key_text === '9');
	assert.ok(port9, JSON.stringify(document.map_values.entries));
	assert.ok((port9.rate_per_sec ?? 0) > 0);
	assert.ok(port9.fields[0]!.value > 0);
});

test('--map with a name several maps share, or no such map: one line, non-zero exit', {skip}, () => {
	loaded.push(loadProgram(compileBpf('counters'), 'maps-twin'));
	const shared = runCli(['--backend', 'bpftool', '--once', '--json', '--map', 'counters.bss']);
	assert.equal(shared.status, 1);
	assert.match(shared.stderr, /^bpftop-ts: \d+ maps are named "counters\.bss" \(ids [\d, ]+\): pass --map ID\n$/);
	assert.equal(shared.stdout, '');
	const missing = runCli(['--backend', 'bpftool', '--once', '--map', 'no_such_map']);
	assert.equal(missing.status, 1);
	assert.equal(missing.stderr, 'bpftop-ts: no map named "no_such_map" (--view maps lists them)\n');
});

test('--once --view maps lists the maps with the program that uses them', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--view', 'maps', '--interval', '0.2']);
	assert.equal(result.status, 0, result.stderr);
	const id = loaded[0]!.id;
	assert.match(result.stdout, new RegExp(`\\b${mapIds['port_packets']} hash\\s+port_packets\\s+4\\s+8\\s+1024\\s+-\\s+\\S+ counters#${id}`));
	assert.match(result.stdout, new RegExp(`\\b${mapIds['counters.bss']} array\\s+counters\\.bss\\s+4\\s+8\\s+1\\s+1\\s+\\S+ counters#${id}`));
});

const strip = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

test('the TUI shows the counter growing; Esc goes back to the Maps list', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--interval', '0.3', '--map', String(mapIds['counters.bss'])], {columns: 120, rows: 30});
	try {
		await run.waitFor(/packets\s+\d+\s+\+\d+/, 15_000);
		const first = readings(await run.screen());
		await new Promise(resolve => setTimeout(resolve, 1200));
		const later = readings(await run.screen());
		assert.ok(later.at(-1)! > first.at(-1)!, `packets grew: ${first.at(-1)} → ${later.at(-1)}`);
		run.write('\u001b');
		// The Maps list (other tests may load so many maps that ours is off screen).
		await run.waitFor(/ID▲ TYPE[\s\S]*USED BY/, 5000);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}
});

function readings(output: string): number[] {
	return [...strip(output).matchAll(/packets\s+(\d+)\s+\+\d+/g)].map(match => Number(match[1]));
}
