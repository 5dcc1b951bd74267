// The trace pipe's reading loop, on a thread of its own. The kernel's per-CPU trace buffer can be
// as small as 7 KB (this VM, until tracing expands it): under a bpf_printk flood it overflows within
// a millisecond or two, so the reader must be back at the pipe at once, whatever the screen is
// doing. `cat trace_pipe` gets that from a blocking read; here a thread reads the non-blocking fd,
// waits 1 ms when it is empty (10 ms after a quiet spell), and hands over, every 25 ms, the newest
// lines as text and a count of the others (never decoded). The main thread only collects.
//
// Plain JavaScript in a string, run with `eval: true`: the bundle stays one file (and one file in
// the single executable), and a minifier cannot rename what it depends on.
export const traceWorkerSource = String.raw`
const {parentPort, workerData} = require('node:worker_threads');
const {readSync} = require('node:fs');
const {fd, stop, maxLines, bufferBytes, readBytes, maxLineChars} = workerData;
const flag = new Int32Array(stop);
const buffer = Buffer.allocUnsafe(bufferBytes);
const lostMark = Buffer.from('[LOST ');
let filled = 0;
let lines = [];
let skipped = 0;
let lost = 0;
let quiet = 0;
let sentAt = Date.now();

function lostIn(bytes) {
	let total = 0;
	for (let at = bytes.indexOf(lostMark); at !== -1; at = bytes.indexOf(lostMark, at + 1)) {
		const match = /^\[LOST (\d+)/.exec(bytes.toString('latin1', at, Math.min(bytes.length, at + 32)));
		if (match) total += Number(match[1]);
	}
	return total;
}

function lostCount(line) {
	const match = line.startsWith('CPU:') ? /\[LOST (\d+) EVENTS\]/.exec(line) : null;
	return match ? Number(match[1]) : 0;
}

// Splits what was gathered: the newest maxLines lines become strings, the others are counted.
function split() {
	const bytes = buffer.subarray(0, filled);
	let ends = 0;
	for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) ends++;
	let start = 0;
	const over = ends - maxLines;
	if (over > 0) {
		let at = -1;
		for (let index = 0; index < over; index++) at = bytes.indexOf(10, at + 1);
		start = at + 1;
		lost += lostIn(bytes.subarray(0, start));
		skipped += over;
	}
	const last = bytes.lastIndexOf(10);
	if (last >= start) for (const line of bytes.toString('utf8', start, last).split('\n')) if (line !== '') lines.push(line);
	if (lines.length > maxLines) {
		const extra = lines.length - maxLines;
		for (let index = 0; index < extra; index++) lost += lostCount(lines[index]);
		skipped += extra;
		lines = lines.slice(extra);
	}
	const rest = filled - (last + 1);
	if (rest > maxLineChars) {
		lines.push(bytes.toString('utf8', last + 1, last + 1 + maxLineChars));
		filled = 0;
	} else {
		buffer.copy(buffer, 0, last + 1, filled);
		filled = rest;
	}
}

function send() {
	if (filled > 0) split();
	if (lines.length > 0 || skipped > 0 || lost > 0) parentPort.postMessage({lines, skipped, lost});
	lines = [];
	skipped = 0;
	lost = 0;
	sentAt = Date.now();
}

while (Atomics.load(flag, 0) === 0) {
	let bytes = 0;
	try {
		bytes = readSync(fd, buffer, filled, Math.min(readBytes, buffer.length - filled), null);
	} catch (error) {
		if (error.code !== 'EAGAIN') {
			send();
			parentPort.postMessage({error: error.message});
			break;
		}
	}
	if (bytes > 0) {
		filled += bytes;
		quiet = 0;
		if (buffer.length - filled < 8192) split();
	} else {
		quiet++;
		// Busy: back within a quarter of a millisecond. Quiet for ~100 ms: every 10 ms.
		Atomics.wait(flag, 0, 0, quiet < 400 ? 0.25 : 10);
	}
	if (Date.now() - sentAt >= 25) send();
}
send();
`;
