// The code cache of a start, made by one run of the monitor (no pseudo-terminal, no native module).
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the monitor once on the emulator, a few refreshes past its first frame with data, so that
 * the launcher saves V8's code cache of everything a start compiles. A plain child process: a
 * pretend terminal (scripts/code-cache-terminal.cjs) stands in for stdout and stdin. Run with the
 * flags the cache will be used under (V8 refuses a cache made under other flags). Without a cache
 * the monitor works the same, only starts later, so a failed run is a warning, not a failed build.
 */
export function writeCodeCache(bin, flags, output) {
	const run = spawnSync(process.execPath, [...flags, '--require', `${root}scripts/code-cache-terminal.cjs`, bin, '--backend', 'emulator', '--seed', '1', '--interval', '0.2'], {
		encoding: 'utf8',
		timeout: 30_000,
		env: {...process.env, CI: 'false', TERM: 'xterm-256color', BPFTOP_WRITE_CODE_CACHE: output},
	});
	if (run.status === 0) return true;
	// A run that failed may have left a cache of a run nobody should start from.
	rmSync(output, {force: true});
	console.warn(`build: no code cache (the run exited with ${run.status ?? run.signal}: ${JSON.stringify(`${run.stderr}`.slice(-300))}); the monitor starts slower`);
	return false;
}
