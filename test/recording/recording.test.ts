// Record → replay through the core: the same figures come back; damaged, foreign and newer files
// are refused or replayed as far as they can be read; the size limit holds.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {gunzipSync, gzipSync} from 'node:zlib';
import {createEmulatorBackend} from '../../source/backends/emulator/emulator-backend.js';
import {createReplay} from '../../source/backends/replay/replay-backend.js';
import {virtualClock} from '../../source/clock/clock.js';
import type {Model} from '../../source/model/model.js';
import {monitorFromOptions} from '../../source/monitor/from-options.js';
import {parseOptions} from '../../source/options.js';
import {readRecording, RecordingError} from '../../source/recording/read-recording.js';

const dir = mkdtempSync(join(tmpdir(), 'bpftop-rec-'));

function options(flags: Record<string, unknown>) {
	const parsed = parseOptions(flags);
	assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
	return parsed.options;
}

/** Every model the core emits until it ends. */
async function run(monitor: ReturnType<typeof monitorFromOptions>): Promise<Model[]> {
	const seen: Model[] = [];
	monitor.subscribe(event => {
		if (event.type === 'model') seen.push(event.model);
	});
	await monitor.done;
	await monitor.recorder?.close();
	return seen;
}

const figures = (model: Model) => model.programs.map(({program, stats}) => ({id: program.id, name: program.name, runs: program.run_cnt, events: stats.eventsPerSec, cpu: stats.cpuPercent}));

async function record(path: string, refreshes: number, extra: Record<string, unknown> = {}) {
	const clock = virtualClock({startWallMs: Date.UTC(2026, 11, 3, 3, 12)});
	const backend = createEmulatorBackend({seed: 3, clock});
	const live = await run(monitorFromOptions(options({iterations: String(refreshes - 1), record: path, ...extra}), {backend, clock, batch: true, version: 'test'}));
	await backend.close();
	return live;
}

async function replayAll(path: string, flags: Record<string, unknown> = {}) {
	const {backend, clock} = createReplay(await readRecording(path), {fast: true});
	return run(monitorFromOptions(options({once: true, ...flags}), {backend, clock, batch: true}));
}

test('a replay gives the same ids, names, counters, rates and times as the live run', async () => {
	const path = join(dir, 'round.gz');
	const live = await record(path, 6);
	const replayed = await replayAll(path);
	assert.equal(replayed.length, 6);
	assert.deepEqual(replayed.map(figures), live.map(figures));
	assert.deepEqual(replayed.map(model => model.snapshot.wallMs), live.map(model => model.snapshot.wallMs));
	assert.deepEqual(replayed.map(model => model.intervalSec), live.map(model => model.intervalSec));
	const recording = await readRecording(path);
	assert.equal(recording.header.backend, 'emulator');
	assert.equal(recording.header.version, 'test');
	assert.equal(recording.refreshes.length, 6);
	assert.equal(recording.damage, undefined);
	assert.equal(recording.ended, 'exit');
});

test('stepping back and jumping give the models the live run had at those refreshes', async () => {
	const path = join(dir, 'steps.gz');
	const live = await record(path, 12);
	const {backend, clock} = createReplay(await readRecording(path), {fast: false});
	const {timeline} = backend;
	assert.ok(timeline);
	timeline.setPlaying(false);
	const monitor = monitorFromOptions(options({}), {backend, clock, batch: false});
	const seen: Model[] = [];
	monitor.subscribe(event => {
		if (event.type === 'model') seen.push(event.model);
	});
	const at = async (position: number) => {
		const before = seen.length;
		timeline.seek(position);
		const deadline = Date.now() + 5000;
		while (seen.length === before) {
			if (Date.now() > deadline) throw new Error(`no model for position ${position}`);
			await new Promise(resolve => setTimeout(resolve, 5));
		}

		return seen.at(-1)!;
	};

	for (const position of [9, 10, 8, 0, 11, 5]) {
		const model = await at(position);
		assert.deepEqual(figures(model), figures(live[position]!), `position ${position}`);
	}

	// A jump rebuilds the refreshes before it: the sparkline history is there at once.
	const jumped = await at(11);
	assert.ok(jumped.eventsHistory.get(jumped.programs[0]!.program.id)!.length > 5);
	await monitor.stop();
});

test('a file cut mid-line replays the refreshes before the cut and says where it stopped', async () => {
	const path = join(dir, 'cut.gz');
	await record(path, 5);
	const text = gunzipSync(readFileSync(path)).toString();
	const cut = join(dir, 'cut-short.gz');
	const lines = text.split('\n');
	// The header, four whole refreshes, and the start of the fifth.
	writeFileSync(cut, gzipSync(`${lines.slice(0, 5).join('\n')}\n${lines[5]!.slice(0, 40)}`));
	const recording = await readRecording(cut);
	assert.equal(recording.refreshes.length, 4);
	assert.match(recording.damage ?? '', /cut short at line 6: replaying the 4 refreshes before it/);
	assert.equal(recording.ended, undefined);
	assert.equal((await replayAll(cut)).length, 4);
});

test('a gzip stream cut short (a kill) and one corrupt in the middle keep what is readable', async () => {
	const path = join(dir, 'kill.gz');
	await record(path, 30);
	const bytes = readFileSync(path);
	const killed = join(dir, 'killed.gz');
	writeFileSync(killed, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
	const partial = await readRecording(killed);
	assert.ok(partial.refreshes.length >= 10 && partial.refreshes.length < 30, String(partial.refreshes.length));
	assert.match(partial.damage ?? '', /cut short after \d+ refreshes \(the recording did not end normally\)/);

	const corrupt = Buffer.from(bytes);
	for (let index = Math.floor(bytes.length * 0.6); index < Math.floor(bytes.length * 0.6) + 64; index++) corrupt[index] = corrupt[index]! ^ 0x5a;
	const damaged = join(dir, 'corrupt.gz');
	writeFileSync(damaged, corrupt);
	const read = await readRecording(damaged);
	assert.ok(read.refreshes.length >= 10 && read.refreshes.length < 30, String(read.refreshes.length));
	assert.match(read.damage ?? '', /damaged|cut short/);
});

test('not a recording, an empty file, a newer format: one clear error', async () => {
	const plain = join(dir, 'plain.txt');
	writeFileSync(plain, 'hello\n');
	await assert.rejects(readRecording(plain), (error: Error) => error instanceof RecordingError && /is not a bpftop-ts recording/.test(error.message));
	const json = join(dir, 'other.gz');
	writeFileSync(json, gzipSync('{"some":"json"}\n'));
	await assert.rejects(readRecording(json), /is not a bpftop-ts recording/);
	const empty = join(dir, 'empty.gz');
	writeFileSync(empty, '');
	await assert.rejects(readRecording(empty), /empty|not a bpftop-ts recording/);
	const newer = join(dir, 'newer.gz');
	writeFileSync(newer, gzipSync('{"type":"header","format":"bpftop-ts-recording","format_version":7,"version":"9.0.0","future":true}\n'));
	await assert.rejects(readRecording(newer), /recorded by a newer bpftop-ts \(9\.0\.0, format 7\); this one reads format 1/);
	await assert.rejects(readRecording(join(dir, 'missing.gz')), /cannot read/);
});

test('--record-limit: recording stops before the file passes the limit, and says so; the monitor goes on', async () => {
	const path = join(dir, 'limit.gz');
	const live = await record(path, 120, {recordLimit: '8K'});
	assert.equal(live.length, 120, 'the monitor went on');
	assert.ok(statSync(path).size <= 8000, `${statSync(path).size} bytes`);
	const recording = await readRecording(path);
	assert.ok(recording.refreshes.length > 2 && recording.refreshes.length < 120, String(recording.refreshes.length));
	assert.equal(recording.ended, 'size limit');
	assert.equal(recording.damage, undefined);
});
