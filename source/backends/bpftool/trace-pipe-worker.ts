// The trace pipe's reading loop, on a thread of its own. The kernel's per-CPU trace buffer can be
// as small as 7 KB (this VM, until tracing expands it): under a bpf_printk flood it overflows within
// a millisecond or two, so the reader must be back at the pipe at once, whatever the screen is
// doing. `cat trace_pipe` gets that from a blocking read; here a thread reads the non-blocking fd and
// waits a quarter of a millisecond when it is empty (10 ms after a quiet spell). Every 25 ms it hands over the whole lines
// it gathered as bytes (its buffer, moved, not copied, to the main thread), which decodes only the
// lines a view keeps: under a flood most lines are only counted, and a thread that also decoded and
// cloned them all used twice the CPU, taken from the flood's readers on a small machine. The main
// thread sends each buffer back when done with it, so a flood of ~50 MB/s reuses a few buffers
// instead of leaving garbage that only a GC on the other thread frees.
//
// Plain JavaScript in a string, run with `eval: true`: the bundle stays one file (and one file in
// the single executable), and a minifier cannot rename what it depends on.
export const traceWorkerSource = String.raw`
const {parentPort, workerData, receiveMessageOnPort} = require('node:worker_threads');
const {readSync} = require('node:fs');
const {fd, stop, returned, bufferBytes, readBytes, maxLineChars} = workerData;
const flag = new Int32Array(stop);
// Buffers the main thread is done with; a few are kept, any more are left to the GC.
const free = [];
let buffer = Buffer.allocUnsafeSlow(bufferBytes);
let filled = 0;
let quiet = 0;
let sentAt = Date.now();

function nextBuffer() {
	for (let message = receiveMessageOnPort(returned); message; message = receiveMessageOnPort(returned)) {
		if (free.length < 8) free.push(message.message);
	}
	const reused = free.pop();
	return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(bufferBytes);
}

// Hands over the whole lines gathered (a line longer than maxLineChars with no end yet is cut
// there) with the buffer they are in; what follows them starts the next buffer.
function send() {
	sentAt = Date.now();
	if (filled === 0) return;
	let end = buffer.lastIndexOf(10, filled - 1) + 1;
	let length = end;
	if (end === 0) {
		if (filled <= maxLineChars) return;
		buffer[maxLineChars] = 10;
		length = maxLineChars + 1;
		end = filled;
	}
	const next = nextBuffer();
	buffer.copy(next, 0, end, filled);
	filled -= end;
	const sent = buffer.buffer;
	buffer = next;
	parentPort.postMessage({buffer: sent, length}, [sent]);
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
