// Preloaded (node --require) into the one run of the monitor that the build makes to write the
// code cache: stdout and stdin become a pretend terminal of 120x40, so the monitor draws its full
// screen without a pseudo-terminal (no node-pty, no native module). It quits with `q` a few frames
// after the first one with data. What it draws is dropped; the run's exit code says whether it worked.
'use strict';
const {Readable, Writable} = require('node:stream');

const quitAfterMs = Number(process.env.BPFTOP_CODE_CACHE_QUIT_MS || 700);
let seen = '';
let quitting = false;

const stdout = new Writable({
	decodeStrings: false,
	write(chunk, _encoding, callback) {
		if (!quitting) {
			// The header's "N programs, M maps" comes with the first frame of data.
			seen = (seen + String(chunk)).slice(-4096);
			if (/\d+ programs, \d+ maps/.test(seen)) {
				quitting = true;
				setTimeout(() => stdin.push('q'), quitAfterMs);
			}
		}

		callback();
	},
});
Object.assign(stdout, {isTTY: true, columns: 120, rows: 40, fd: -1, getColorDepth: () => 8, hasColors: () => true});

const stdin = new Readable({read() {}});
Object.assign(stdin, {isTTY: true, isRaw: false, fd: -1});
stdin.setRawMode = mode => {
	stdin.isRaw = mode;
	return stdin;
};
// A tty.ReadStream is a socket: it can be unref'd so as not to keep the process alive.
stdin.ref = () => stdin;
stdin.unref = () => stdin;

for (const [name, stream] of [['stdout', stdout], ['stdin', stdin]]) {
	Object.defineProperty(process, name, {value: stream, configurable: true, enumerable: true, writable: false});
}

// A run that hangs must not hang the build.
setTimeout(() => {
	process.stderr.write('code cache run: no frame with data within 20 s\n');
	process.exit(3);
}, 20_000).unref();
