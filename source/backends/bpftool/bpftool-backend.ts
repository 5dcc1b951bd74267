// The real kernel, through bpftool.
import {BackendError, refreshError, type Backend, type TraceSource} from '../backend.js';
import {bpftoolError} from '../../parse/command-output.js';
import {readFileSync} from 'node:fs';
import {readMapByDump} from '../dump-contents.js';
import type {MapContents, MapReadOptions} from '../../snapshot/map-contents.js';
import {bpfSyscalls, rawBpf} from './bpf-syscall.js';
import {MapReadError, mapReader, possibleCpus, type MapReader} from './map-read.js';
import {cachedBatch, type BatchRunner} from './cached-batch.js';
import {pidFiller} from './fill-pids.js';
import {runChild} from './run-child.js';
import {enableRuntimeStats} from './runtime-stats.js';
import {openTracePipe} from './trace-pipe.js';

export type BpftoolOptions = {
	readonly bpftool: string;
	/** Give up on one refresh after this long. */
	readonly timeoutMs: number;
};

/** Checks that bpftool runs and speaks JSON; returns its version. */
export async function bpftoolVersion(bpftool: string, timeoutMs = 5000): Promise<string> {
	const result = await runChild(bpftool, ['-j', 'version'], {timeoutMs, env: {LC_ALL: 'C'}});
	const code = result.error?.code;
	if (code === 'ENOENT') {
		throw new BackendError(`bpftool not found at "${bpftool}": install it (apt-get install bpftool, dnf install bpftool) or pass --bpftool PATH`, 'missing');
	}

	if (result.timedOut) throw new BackendError(`"${bpftool} -j version" did not answer within ${timeoutMs / 1000} s`, 'timeout');
	try {
		const json = JSON.parse(result.stdout) as {version?: unknown};
		if (typeof json.version === 'string') return json.version;
	} catch {}

	throw new BackendError(`"${bpftool}" does not look like a bpftool with JSON output (need bpftool 5.x or newer)`, 'unsupported');
}

export async function createBpftoolBackend(options: BpftoolOptions): Promise<Backend> {
	// prog show and map show are answered from the last listing while no program or map came or
	// went (cached-batch.ts); without bpf(2) access every command goes to bpftool.
	const syscalls = bpfSyscalls();
	const runBatch = cachedBatch('error' in syscalls ? {} : {syscalls});
	// One bpftool run checks that it works, speaks JSON and has `batch` (an old one fails here with a
	// clear message, not later), and lists programs and maps, so the first refresh is answered from
	// the listing. Only when it fails does a separate `bpftool version` tell why.
	let version: string | undefined;
	try {
		const [answer, programs] = await runBatch([['version'], ['prog', 'show'], ['map', 'show']], options);
		const said = (answer?.output as {version?: unknown} | undefined)?.version;
		version = typeof said === 'string' ? said : undefined;
		const error = bpftoolError(programs?.output);
		if (error !== undefined) throw refreshError(`bpftool prog show: ${error}`);
	} catch (error) {
		if (!(error instanceof BackendError) || error.kind !== 'missing') await bpftoolVersion(options.bpftool);
		throw error;
	}

	version ??= await bpftoolVersion(options.bpftool);
	const stats = enableRuntimeStats();
	// Who holds what, from /proc, where bpftool does not say (built without skeletons).
	const fillPids = pidFiller();

	const readMap = mapReadingFor(options, runBatch);
	// Open trace readers, so close() stops every one of them whatever the views did.
	const traces = new Set<TraceSource>();
	return {
		name: 'bpftool',
		label: `bpftool v${version}`,
		stats: stats.state,
		run: async (commands, signal, scope) => fillPids(await runBatch(commands, {...options, signal, scope})),
		readMap,
		openTrace(): TraceSource {
			const source = openTracePipe();
			traces.add(source);
			return {
				take: () => source.take(),
				async close() {
					traces.delete(source);
					await source.close();
				},
			};
		},
		async close() {
			stats.release();
			await Promise.all([...traces].map(async source => source.close()));
			traces.clear();
		},
	};
}

/**
 * Map entries through bpf(2) (map-read.ts); through `bpftool map dump` where bpf(2) cannot be called
 * from here (no koffi for this platform), or where the syscall path failed in a way bpftool might not.
 */
function mapReadingFor(options: BpftoolOptions, runBatch: BatchRunner): (mapId: number, read: MapReadOptions) => Promise<MapContents> {
	const bpf = rawBpf();
	const byDump = async (mapId: number, read: MapReadOptions) => readMapByDump(async (commands, signal) => runBatch(commands, {...options, signal}), mapId, read);
	if ('error' in bpf) return byDump;
	let reader: MapReader | undefined;
	return async (mapId, read) => {
		reader ??= mapReader({bpf, cpus: possibleCpus(readPossible())});
		try {
			return await reader(mapId, read);
		} catch (error) {
			// The kernel's answer (the map vanished, no permission) is the answer; anything else is ours.
			if (error instanceof MapReadError || read.signal?.aborted) throw error;
			return byDump(mapId, read);
		}
	};
}

function readPossible(): string {
	try {
		return readFileSync('/sys/devices/system/cpu/possible', 'utf8');
	} catch {
		return '0';
	}
}
