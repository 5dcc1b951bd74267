// The trace path under a flood: a writer pushes 100,000 trace_pipe lines per second into a FIFO;
// the reader and the trace-log model drain it as the Trace view does (every 100 ms). Prints lines
// read and dropped, memory over time (it should stay flat) and the longest event-loop stall (the
// UI would freeze for that long). Run: node --import tsx bench/trace-burst.ts [seconds] [lines/s]
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openTracePipe} from '../source/backends/bpftool/trace-pipe.js';
import {appendTrace, emptyTraceLog, traceWindow} from '../source/model/trace-log.js';
import {traceDrainMs} from '../source/hooks/use-trace.js';

const seconds = Number(process.argv[2] ?? 5);
const perSecond = Number(process.argv[3] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'bpftop-bench-'));
const fifo = join(dir, 'trace_pipe');
spawnSync('mkfifo', [fifo]);

const source = openTracePipe({path: fifo});
// The writer sends a batch every 10 ms, so the rate holds even when a write blocks for a while.
const writer = spawn(process.execPath, ['-e', `
const fs = require('fs');
const fd = fs.openSync(${JSON.stringify(fifo)}, 'w');
const perTick = ${Math.round(perSecond / 100)};
let n = 0;
const started = Date.now();
const tick = () => {
	const due = Math.round((Date.now() - started) / 1000 * ${perSecond});
	const lines = [];
	// Catching up after a blocked write is capped, so the rate never goes far above the target.
	while (n < due && lines.length < 5 * perTick) lines.push('         python3-3383    [001] ..s21   243.925586: bpf_trace_printk: Hello World ' + n++ + '\\n');
	if (lines.length) fs.writeSync(fd, lines.join(''));
	if (Date.now() - started < ${seconds * 1000}) setTimeout(tick, 10); else fs.closeSync(fd);
};
tick();`], {stdio: 'ignore'});

let log = emptyTraceLog(performance.now());
let maxStallMs = 0;
let last = performance.now();
const lag = setInterval(() => {
	const now = performance.now();
	maxStallMs = Math.max(maxStallMs, now - last - 10);
	last = now;
}, 10);
let biggest = 0;
let appendMs = 0;
const drain = setInterval(() => {
	const chunk = source.take();
	biggest = Math.max(biggest, chunk.lines.length + chunk.dropped);
	const started = performance.now();
	log = appendTrace(log, chunk, performance.now());
	appendMs = Math.max(appendMs, performance.now() - started);
	traceWindow(log, '', {}, 40); // what one frame computes
}, traceDrainMs);

const rows: string[] = [];
for (let second = 1; second <= seconds + 1; second++) {
	await new Promise(resolve => setTimeout(resolve, 1000));
	const rss = process.memoryUsage().rss / 1024 / 1024;
	const heap = process.memoryUsage().heapUsed / 1024 / 1024;
	rows.push(`${String(second).padStart(3)} s  read ${String(log.total).padStart(9)}  dropped ${String(log.dropped).padStart(8)}  rate ${Math.round(log.rate).toString().padStart(7)}/s  kept ${log.entries.length}  rss ${rss.toFixed(0)} MB  heap ${heap.toFixed(0)} MB  max stall ${maxStallMs.toFixed(0)} ms  biggest take ${biggest}  slowest append ${appendMs.toFixed(0)} ms`);
	maxStallMs = 0;
	biggest = 0;
	appendMs = 0;
	console.log(rows.at(-1));
}

clearInterval(lag);
clearInterval(drain);
writer.kill('SIGKILL');
await source.close();
rmSync(dir, {recursive: true, force: true});
