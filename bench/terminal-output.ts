// Bytes written per second by a full-screen program in a 120×40 pseudo-terminal, and the time to
// its first frame. Usage: node --import tsx bench/terminal-output.ts [seconds] [-- command args…]
// Without a command it measures the built CLI (dist/cli.cjs, or $BPFTOP_CLI) at 1 refresh/s;
// `-- htop` for htop. Wrap it in bench/with-busy-programs.ts for changing figures.
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';

const separator = process.argv.indexOf('--');
const seconds = Number(process.argv[2] && process.argv[2] !== '--' ? process.argv[2] : 15);
const cli = process.env.BPFTOP_CLI ?? fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const [command, ...args] = separator === -1 ? [process.execPath, cli, '--interval', '1'] : process.argv.slice(separator + 1);

const start = performance.now();
let firstMs: number | undefined;
let total = 0;
let afterWarmup = 0;
const warmupMs = 3000;
const child = pty.spawn(command!, args, {
	name: 'xterm-256color',
	cols: 120,
	rows: 40,
	env: {...(process.env as Record<string, string>), CI: 'false'},
});
child.onData(data => {
	const now = performance.now() - start;
	const bytes = Buffer.byteLength(data);
	// The first frame: the first write that draws more than escape sequences.
	if (firstMs === undefined && /[A-Za-z]{3}/.test(data.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, ''))) firstMs = now;
	total += bytes;
	if (now > warmupMs) afterWarmup += bytes;
});
await new Promise(resolve => setTimeout(resolve, seconds * 1000));
child.write('q');
await new Promise(resolve => setTimeout(resolve, 500));
try {
	child.kill();
} catch {}

const steady = (seconds * 1000 - warmupMs) / 1000;
console.log(
	JSON.stringify({
		command: [command, ...args].join(' '),
		first_frame_ms: firstMs === undefined ? null : Math.round(firstMs),
		total_bytes: total,
		steady_bytes_per_sec: Math.round(afterWarmup / steady),
	}),
);
process.exit(0);
