// Big batch output reaches a reader that is slow to read, whole, with the writer waiting in write(2)
// rather than spinning on EAGAIN: through a pipe (what a shell gives) and through the Unix socket
// node gives a child as its stdout.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const writer = fileURLToPath(new URL('../../source/batch/write-bytes.ts', import.meta.url));
const megabytes = 48;
// The CLI looks at process.stdout (isTTY) first, which makes libuv set fd 1 non-blocking.
const script = `import {writeStdoutSync} from ${JSON.stringify(writer)};
void process.stdout.isTTY;
for (let chunk = 0; chunk < ${megabytes}; chunk++) writeStdoutSync(Buffer.alloc(1 << 20, 97 + (chunk % 26)));`;

const O_NONBLOCK = 0o4000;

/** The flags of a descriptor of a process, from /proc/PID/fdinfo. */
function writerFlags(pid: number, fd: number): number {
	const flags = /^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
	assert.ok(flags, `fdinfo of fd ${fd}`);
	return Number.parseInt(flags[1]!, 8);
}

/** The writer's threads' CPU time in ms (utime + stime of /proc/PID/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function readAllLate(stream: NodeJS.ReadableStream, pauseMs: number, whilePaused: () => void): Promise<Buffer> {
	await sleep(pauseMs);
	whilePaused();
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

test('through a Unix socket (node’s child stdout): every byte arrives, the writer blocks instead of spinning', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
	const started = await new Promise<number>(resolve => child.once('spawn', () => resolve(child.pid!)));
	let cpuWhileBlocked = 0;
	let flags = 0;
	// A writer that fails here would wait for its reader for ever: it ends with the test.
	const output = await readAllLate(child.stdout, 1500, () => {
		const before = cpuMs(started);
		flags = writerFlags(started, 1);
		// Sampled again after a while: a writer spinning on EAGAIN burns CPU all that time.
		const wait = Date.now() + 300;
		while (Date.now() < wait);
		cpuWhileBlocked = cpuMs(started) - before;
	}).catch((error: unknown) => {
		child.kill();
		throw error;
	});
	assert.equal(flags & O_NONBLOCK, 0, 'fd 1 made blocking');
	const code = await new Promise<number | null>(resolve => (child.exitCode === null ? child.once('close', resolve) : resolve(child.exitCode)));
	assert.equal(code, 0);
	assert.equal(output.length, megabytes << 20);
	for (let chunk = 0; chunk < megabytes; chunk++) assert.equal(output[chunk << 20], 97 + (chunk % 26), `chunk ${chunk} in order`);
	assert.ok(cpuWhileBlocked <= 60, `the writer used ${cpuWhileBlocked} ms of CPU in 300 ms while the reader did not read`);
});

test('through a pipe: every byte arrives in order', async () => {
	// A shell's pipe, as in `bpftop-ts --once --json | jq`.
	const child = spawn('sh', ['-c', `"${process.execPath}" --import tsx --input-type=module -e '${script.replaceAll("'", "'\\''")}' | cat`], {stdio: ['ignore', 'pipe', 'inherit']});
	const output = await readAllLate(child.stdout, 300, () => undefined);
	const code = await new Promise<number | null>(resolve => (child.exitCode === null ? child.once('close', resolve) : resolve(child.exitCode)));
	assert.equal(code, 0);
	assert.equal(output.length, megabytes << 20);
	for (let chunk = 0; chunk < megabytes; chunk++) assert.equal(output[chunk << 20], 97 + (chunk % 26), `chunk ${chunk} in order`);
});
