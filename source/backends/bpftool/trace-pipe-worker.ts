// The trace pipe's reading loop, on a thread of its own. The kernel's per-CPU trace buffer can be
// as small as 7 KB (this VM, until tracing expands it): under a bpf_printk flood it overflows within
// a millisecond or two, so the reader must be back at the pipe at once, whatever the screen is
// doing. `cat trace_pipe` gets that from a blocking read; here a thread reads the non-blocking fd and
// waits 1 ms when it is empty (10 ms after a quiet spell). Every 25 ms it hands over the whole lines
// it gathered as bytes (moved, not copied, to the main thread), which decodes only the lines a view
// keeps: under a flood most lines are only counted, and a thread that also decoded and cloned them
// all used twice the CPU, taken from the flood's readers on a small machine.
//
// Plain JavaScript in a string, run with `eval: true`: the bundle stays one file (and one file in
// the single executable), and a minifier cannot rename what it depends on.
export const traceWorkerSource = String.raw`
const {parentPort, workerData} = require('node:worker_threads');
const {readSync} = require('node:fs');
const {fd, stop, bufferBytes, readBytes, maxLineChars} = workerData;
const flag = new Int32Array(stop);
const buffer = Buffer.allocUnsafe(bufferBytes);
let filled = 0;
let quiet = 0;
let sentAt = Date.now();

// Hands over the whole lines gathered; a line longer than maxLineChars with no end yet is cut there.
function send() {
	sentAt = Date.now();
	if (filled === 0) return;
	let end = buffer.lastIndexOf(10, filled - 1) + 1;
	let bytes;
	if (end > 0) {
		bytes = new Uint8Array(end);
		bytes.set(buffer.subarray(0, end));
	} else if (filled > maxLineChars) {
		bytes = new Uint8Array(maxLineChars + 1);
		bytes.set(buffer.subarray(0, maxLineChars));
		bytes[maxLineChars] = 10;
		end = filled;
	} else {
		return;
	}
	buffer.copy(buffer, 0, end, filled);
	filled -= end;
	parentPort.postMessage({bytes}, [bytes.buffer]);
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
		if (buffer.length - filled < 8192) send();
	} else {
		quiet++;
		// Busy: back within a quarter of a millisecond. Quiet for ~100 ms: every 10 ms.
		Atomics.wait(flag, 0, 0, quiet < 400 ? 0.25 : 10);
	}
	if (Date.now() - sentAt >= 25) send();
}
send();
`;
