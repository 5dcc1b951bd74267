import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import type {TraceSource} from '../../../source/backends/backend.js';
import {findTracePipe, openTracePipe, pendingLines} from '../../../source/backends/bpftool/trace-pipe.js';
import type {TraceChunk} from '../../../source/snapshot/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'bpftop-trace-'));
after(() => rmSync(dir, {recursive: true, force: true}));

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Takes until `enough` says so (or 5 s pass), returning everything taken. */
async function drain(source: TraceSource, enough: (lines: string[], dropped: number) => boolean, everyMs = 20) {
	const lines: string[] = [];
	let dropped = 0;
	let skipped = 0;
	let error: string | undefined;
	let biggest = 0;
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline) {
		const chunk: TraceChunk = source.take();
		lines.push(...chunk.lines);
		biggest = Math.max(biggest, chunk.lines.length);
		dropped += chunk.dropped;
		skipped += chunk.skipped ?? 0;
		error ??= chunk.error;
		if (enough(lines, dropped + skipped) || error) break;
		await sleep(everyMs);
	}

	return {lines, dropped, skipped, error, biggest};
}

function openFds(path: string): number {
	return readdirSync('/proc/self/fd').filter(fd => {
		try {
			return readlinkSync(`/proc/self/fd/${fd}`) === path;
		} catch {
			return false;
		}
	}).length;
}

test('no tracefs: a clear error saying how to mount it', async () => {
	const found = findTracePipe([join(dir, 'nope'), join(dir, 'neither')]);
	assert.ok('error' in found);
	assert.match(found.error, /tracefs is not mounted/);
	assert.match(found.error, /mount -t tracefs nodev \/sys\/kernel\/tracing/);
	const source = openTracePipe({roots: [join(dir, 'nope')]});
	assert.match(source.take().error ?? '', /mount -t tracefs/);
	await source.close();
});

test('a path that cannot be opened reports why, without throwing', async () => {
	const source = openTracePipe({path: join(dir, 'missing', 'trace_pipe')});
	const {error} = await drain(source, () => false);
	assert.match(error ?? '', /does not exist: mount it with/);
	await source.close();
});

test('tracing switched off: a notice that says so and how to turn it on, reading goes on', async () => {
	const root = join(dir, 'tracefs-off');
	mkdirSync(root);
	writeFileSync(join(root, 'trace_pipe'), '  a-1 [000] ..s21 1.000000: bpf_trace_printk: old line\n');
	writeFileSync(join(root, 'tracing_on'), '0\n');
	const source = openTracePipe({roots: [root], idleMs: 5});
	const chunk = source.take();
	assert.match(chunk.notice ?? '', /tracing is off .*tracing_on is 0/);
	assert.equal(chunk.error, undefined);
	// The first turn may have read the line already.
	const {lines} = chunk.lines.length > 0 ? {lines: chunk.lines} : await drain(source, got => got.length >= 1);
	assert.deepEqual(lines, ['  a-1 [000] ..s21 1.000000: bpf_trace_printk: old line']);
	await source.close();
	writeFileSync(join(root, 'tracing_on'), '1\n');
	const on = openTracePipe({roots: [root]});
	assert.equal(on.take().notice, undefined);
	await on.close();
});

test('lines split across reads come out whole; invalid UTF-8 becomes U+FFFD; control bytes stay raw', async () => {
	const path = join(dir, 'lines');
	const bytes = Buffer.concat([
		Buffer.from('  a-1 [000] ..s21 1.000000: bpf_trace_printk: héllo wörld\n'),
		Buffer.from([0x62, 0xff, 0x9b, 0x0a]),
		Buffer.from('\u001b[31mred\r\n\nlast line without newline'),
	]);
	writeFileSync(path, bytes);
	const source = openTracePipe({path, readBytes: 3, idleMs: 5});
	const {lines} = await drain(source, got => got.length >= 3);
	await source.close();
	assert.deepEqual(lines, ['  a-1 [000] ..s21 1.000000: bpf_trace_printk: héllo wörld', 'b\ufffd\ufffd', '\u001b[31mred\r']);
});

test('a burst the UI does not take in time: the newest lines are kept, the others counted, the kernel\'s losses found', async () => {
	const path = join(dir, 'burst');
	const total = 20_000;
	const line = (index: number) => (index === 500 ? 'CPU:1 [LOST 77 EVENTS]\n' : `  p-1 [000] ..s21 1.000000: bpf_trace_printk: line ${index}\n`);
	writeFileSync(path, Array.from({length: total}, (_, index) => line(index)).join(''));
	const source = openTracePipe({path, maxLines: 100, idleMs: 5, bufferBytes: 64 * 1024});
	await sleep(400);
	const {lines, dropped, skipped, biggest} = await drain(source, (got, counted) => got.length + counted >= total);
	await source.close();
	assert.equal(lines.length + skipped, total, 'every line is either handed over or counted');
	assert.ok(skipped > 0, 'some lines were only counted');
	assert.equal(dropped, 77, 'a [LOST n EVENTS] line among the counted ones is a loss');
	assert.ok(biggest <= 100, `one take handed over ${biggest} lines`);
	assert.equal(lines.at(-1), `  p-1 [000] ..s21 1.000000: bpf_trace_printk: line ${total - 1}`);
});

test('a live pipe is read as it is written; close() stops the reader and closes the fd', async () => {
	const fifo = join(dir, 'fifo');
	spawnSync('mkfifo', [fifo]);
	const source = openTracePipe({path: fifo, idleMs: 10});
	await sleep(50);
	assert.equal(openFds(fifo), 1);
	const script = `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'w');let n=0;const t=setInterval(()=>{fs.writeSync(fd,'  w-2 [001] ..s21 2.0: bpf_trace_printk: tick '+(n++)+'\\n');if(n===20){clearInterval(t);}},5);`;
	const writer = spawn(process.execPath, ['-e', script], {stdio: 'ignore'});
	try {
		const {lines, error} = await drain(source, got => got.length >= 20);
		assert.equal(error, undefined);
		assert.deepEqual(lines, Array.from({length: 20}, (_, n) => `  w-2 [001] ..s21 2.0: bpf_trace_printk: tick ${n}`));
	} finally {
		writer.kill('SIGKILL');
	}

	await source.close();
	assert.equal(openFds(fifo), 0, 'the fd is closed');
	await source.close();
});

test('pending bytes: only the newest lines are decoded; whole chunks and the start of one are counted, with their losses', () => {
	const done: string[] = [];
	const pending = pendingLines(3, chunk => done.push(Buffer.from(chunk).toString()));
	const bytes = (text: string) => new Uint8Array(Buffer.from(text));
	pending.add(bytes('a1\nCPU:0 [LOST 5 EVENTS]\n'));
	pending.add(bytes('b1\nb2\n'));
	// The first chunk goes as soon as the later ones hold 3 lines: counted, its loss found.
	pending.add(bytes('c1\nCPU:1 [LOST 7 EVENTS]\nc3 é\n'));
	const taken = pending.take();
	assert.deepEqual(taken.lines, ['c1', 'CPU:1 [LOST 7 EVENTS]', 'c3 é'], 'the newest 3 lines, decoded');
	assert.equal(taken.skipped, 4, 'a1, the first loss line, b1 and b2 were counted');
	assert.equal(taken.lost, 5, 'the loss among the counted lines; the kept one is the log\'s to count');
	assert.deepEqual(done, ['a1\nCPU:0 [LOST 5 EVENTS]\n', 'b1\nb2\n', 'c1\nCPU:1 [LOST 7 EVENTS]\nc3 é\n'], 'each chunk handed back once, when read');
	assert.deepEqual(pending.take(), {lines: [], skipped: 0, lost: 0}, 'take() empties it');
	pending.add(bytes('d1\nd2\n'));
	pending.add(bytes('e1\ne2\n'));
	assert.deepEqual(pending.take(), {lines: ['d2', 'e1', 'e2'], skipped: 1, lost: 0}, 'a chunk partly kept is cut at a line end');
});

test('a line longer than the buffer holds is cut, and reading goes on after it', async () => {
	const path = join(dir, 'long-line');
	writeFileSync(path, `${'x'.repeat(5000)}\nshort\n`);
	const source = openTracePipe({path, bufferBytes: 4096, maxLineChars: 100_000});
	const {lines} = await drain(source, got => got.at(-1) === 'short');
	await source.close();
	assert.equal(lines.at(-1), 'short', 'the line after the long one arrives');
	assert.equal(lines[0], 'x'.repeat(2048), 'cut at half the buffer');
});
