// Ends an ssh child the polite way: its stdin closed (the remote side sees EOF and exits), then
// SIGKILL if it has not gone within 2 s.
import type {Writable} from 'node:stream';

export async function endChild(child: {readonly stdin: Writable; kill(signal: NodeJS.Signals): boolean}, ended: Promise<unknown>): Promise<void> {
	child.stdin.end();
	const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
	await ended;
	clearTimeout(timer);
}
