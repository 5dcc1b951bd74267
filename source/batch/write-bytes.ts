// Writes bytes to a file descriptor synchronously, all of them. Batch output of a big map is
// hundreds of MB: handed to process.stdout, each chunk stays referenced by its write request until
// the event loop turns, which a synchronous writer never lets it do (a million entries held 400 MB).
import {writeSync} from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Throws what write(2) throws (EPIPE when the reader went away); waits while a non-blocking pipe is full. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
	for (let written = 0; written < bytes.length; ) {
		try {
			written += writeSync(fd, bytes, written, bytes.length - written);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
			Atomics.wait(pause, 0, 0, 2);
		}
	}
}
