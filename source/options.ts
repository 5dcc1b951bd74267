// Command-line flags → validated options. Pure: bad input becomes one clear line, never a throw.
import {localHost, parseHostSpec, type HostSpec} from './backends/ssh/host-spec.js';

export type BackendChoice = 'auto' | 'bpftool' | 'emulator';

/** --map-limit's default: maps that can hold up to this many entries are read (in chunks, through bpf(2)). */
export const defaultMapLimit = 1_000_000;

export type Options = {
	readonly backend: BackendChoice;
	readonly intervalMs: number;
	readonly once: boolean;
	readonly json: boolean;
	/** Comma-separated values: a header row, then one row per program (per map or entry in map views). */
	readonly csv: boolean;
	/** Plain snapshots like `top -b`, even on a terminal (-b). */
	readonly batch: boolean;
	/** --no-color (NO_COLOR in the environment does the same; see terminal/profile.ts). */
	readonly noColor: boolean;
	/** Only ASCII characters on screen (--ascii). */
	readonly ascii: boolean;
	/** Stop after this many refreshes (batch mode); undefined runs until stopped. */
	readonly iterations?: number;
	readonly bpftool: string;
	readonly timeoutMs: number;
	/** Emulator: the seed for its event generator (same seed, same snapshot). */
	readonly seed: number;
	/** Emulator: BPF object files to load (--load), and whether they replace the default scenario. */
	readonly load: readonly string[];
	readonly loadOnly: boolean;
	/** Emulator: the kernel version it pretends to be (tags are SHA-256 from 6.18 on). */
	readonly kernelVersion: string;
	/** The view to start in (--view); with --view trace, batch output carries the trace lines. */
	readonly view?: StartView;
	/** Open this program in detail (--prog). */
	readonly progId?: number;
	/** Show the attachments of this named network namespace (--netns). */
	readonly netns?: string;
	/** --map ID|NAME: the map whose values to show (resolved against `map show` at start). */
	readonly map?: string;
	/** Maps that can hold more entries than this are not dumped. */
	readonly mapLimit: number;
	/** --record FILE: write what the backend answers, to replay later. */
	readonly record?: string;
	/** --record-limit: stop recording before the file passes this many bytes. */
	readonly recordLimit: number;
	/** --replay FILE: a recording as the backend. */
	readonly replay?: string;
	/** --host: the machines to watch (`local` is this one); empty: this machine alone. */
	readonly hosts: readonly HostSpec[];
	/** --ssh-config FILE: the ssh client configuration for --host (ssh -F). */
	readonly sshConfig?: string;
	/** --listen HOST:PORT: serve Prometheus metrics there. */
	readonly listen?: ListenAddress;
};

export type ListenAddress = {readonly host: string; readonly port: number};

/** Views a run can start in; detail views open from a row, or with their own flags (--prog, --map). */
export const startViews = ['programs', 'maps', 'attachments', 'trace'] as const;
export type StartView = (typeof startViews)[number];

/** The flags as meow hands them over: strings and booleans, not yet checked. */
export type RawFlags = {
	readonly backend?: string;
	readonly interval?: string;
	readonly once?: boolean;
	readonly json?: boolean;
	readonly csv?: boolean;
	readonly batch?: boolean;
	/** false for --no-color. */
	readonly color?: boolean;
	readonly ascii?: boolean;
	readonly iterations?: string;
	readonly bpftool?: string;
	readonly seed?: string;
	readonly load?: readonly string[];
	readonly loadOnly?: boolean;
	readonly kernelVersion?: string;
	readonly view?: string;
	readonly prog?: string;
	readonly netns?: string;
	readonly map?: string;
	readonly mapLimit?: string;
	readonly record?: string;
	readonly recordLimit?: string;
	readonly replay?: string;
	readonly host?: readonly string[];
	readonly sshConfig?: string;
	readonly listen?: string;
};

export type OptionsResult = {ok: true; options: Options} | {ok: false; error: string};

const backends: readonly BackendChoice[] = ['auto', 'bpftool', 'emulator'];

export function parseOptions(flags: RawFlags): OptionsResult {
	const backend = flags.backend ?? 'auto';
	if (!backends.includes(backend as BackendChoice)) {
		return {ok: false, error: `--backend must be one of ${backends.join(', ')} (got "${backend}")`};
	}

	const interval = parseSeconds(flags.interval ?? '1');
	if (interval === undefined) return {ok: false, error: `--interval must be a number of seconds greater than 0 (got "${flags.interval}")`};

	let iterations: number | undefined;
	if (flags.iterations !== undefined) {
		iterations = Number(flags.iterations);
		if (!/^\d+$/.test(flags.iterations.trim()) || iterations < 1) {
			return {ok: false, error: `--iterations must be a whole number of at least 1 (got "${flags.iterations}")`};
		}
	}

	if (flags.once && iterations !== undefined && iterations !== 1) {
		return {ok: false, error: '--once means one snapshot: it cannot be combined with --iterations'};
	}

	if (flags.json && flags.csv) return {ok: false, error: '--json and --csv are two output formats: choose one'};

	const bpftool = flags.bpftool ?? 'bpftool';
	if (bpftool.trim() === '') return {ok: false, error: '--bpftool needs a path'};

	const seedText = flags.seed ?? '1';
	if (!/^\d{1,15}$/.test(seedText.trim())) return {ok: false, error: `--seed must be a whole number (got "${flags.seed}")`};
	const kernelVersion = flags.kernelVersion ?? '6.8';
	if (!/^\d+\.\d+(\.\d+)?$/.test(kernelVersion)) return {ok: false, error: `--kernel-version must look like 6.8 or 6.18 (got "${kernelVersion}")`};
	const load = flags.load ?? [];
	if (flags.loadOnly && load.length === 0) return {ok: false, error: '--load-only needs at least one --load FILE'};
	if (load.length > 0 && backend === 'bpftool') return {ok: false, error: '--load loads objects into the emulator: it cannot be combined with --backend bpftool'};
	if (flags.view !== undefined && !startViews.includes(flags.view as StartView)) {
		return {ok: false, error: `--view must be one of ${startViews.join(', ')} (got "${flags.view}")`};
	}

	let progId: number | undefined;
	if (flags.prog !== undefined) {
		progId = Number(flags.prog);
		if (!/^\d+$/.test(flags.prog.trim()) || progId < 1) return {ok: false, error: `--prog must be a program id, a whole number (got "${flags.prog}")`};
	}

	if (flags.netns !== undefined && flags.netns.trim() === '') return {ok: false, error: '--netns needs a name (see ip netns list)'};

	if (flags.map !== undefined && flags.map.trim() === '') return {ok: false, error: '--map needs a map id or name'};
	const mapLimit = flags.mapLimit === undefined ? defaultMapLimit : Number(flags.mapLimit);
	if (flags.mapLimit !== undefined && (!/^\d+$/.test(flags.mapLimit.trim()) || mapLimit < 1)) {
		return {ok: false, error: `--map-limit must be a whole number of at least 1 (got "${flags.mapLimit}")`};
	}

	const recordLimit = parseSize(flags.recordLimit ?? '100MB');
	if (recordLimit === undefined || recordLimit < 4096) {
		return {ok: false, error: `--record-limit must be a size of at least 4 KB, like 100MB, 1G or 500K (got "${flags.recordLimit}")`};
	}

	if (flags.record !== undefined && flags.record.trim() === '') return {ok: false, error: '--record needs a file name'};
	if (flags.replay !== undefined && flags.replay.trim() === '') return {ok: false, error: '--replay needs a recording (made with --record)'};
	if (flags.replay !== undefined) {
		if (flags.record !== undefined) return {ok: false, error: '--replay and --record cannot be combined: a replay is already a recording'};
		if (flags.backend !== undefined && flags.backend !== 'auto') return {ok: false, error: '--replay is the backend: it cannot be combined with --backend'};
		if (load.length > 0) return {ok: false, error: '--load loads objects into the emulator: it cannot be combined with --replay'};
	}

	const fleet = parseFleet(flags, load.length > 0, progId !== undefined);
	if (!fleet.ok) return fleet;

	const intervalMs = interval * 1000;
	return {
		ok: true,
		options: {
			backend: backend as BackendChoice,
			intervalMs,
			once: Boolean(flags.once),
			json: Boolean(flags.json),
			csv: Boolean(flags.csv),
			batch: Boolean(flags.batch),
			noColor: flags.color === false,
			ascii: Boolean(flags.ascii),
			iterations: flags.once ? 1 : iterations,
			bpftool,
			// A refresh that takes longer than this has hung: give it up and report it.
			timeoutMs: Math.max(5000, 2 * intervalMs),
			seed: Number(seedText),
			load,
			loadOnly: Boolean(flags.loadOnly),
			kernelVersion,
			view: flags.view as StartView | undefined,
			progId,
			netns: flags.netns,
			...(flags.map === undefined ? {} : {map: flags.map.trim()}),
			mapLimit,
			...(flags.record === undefined ? {} : {record: flags.record}),
			recordLimit,
			...(flags.replay === undefined ? {} : {replay: flags.replay}),
			...fleet.options,
		},
	};
}

/** Batch output asked for explicitly: with --listen, only these print snapshots (else it serves headless). */
export function printsSnapshots(options: Options): boolean {
	return options.json || options.csv || options.once || options.iterations !== undefined;
}

type FleetOptions = Pick<Options, 'hosts' | 'sshConfig' | 'listen'>;

/** --host, --ssh-config and --listen, and what they cannot be combined with. */
function parseFleet(flags: RawFlags, loads: boolean, prog: boolean): {ok: true; options: FleetOptions} | {ok: false; error: string} {
	const hosts: HostSpec[] = [];
	for (const text of flags.host ?? []) {
		const parsed = text === localHost ? {ok: true as const, spec: {label: localHost, host: localHost}} : parseHostSpec(text);
		if (!parsed.ok) return parsed;
		if (hosts.some(host => host.label === parsed.spec.label)) return {ok: false, error: `--host ${text} is given twice`};
		hosts.push(parsed.spec);
	}

	let listen: ListenAddress | undefined;
	if (flags.listen !== undefined) {
		listen = parseListen(flags.listen);
		if (!listen) return {ok: false, error: `--listen must be HOST:PORT or PORT, like 127.0.0.1:9464 or [::1]:9464 (got "${flags.listen}")`};
		if (flags.replay !== undefined) return {ok: false, error: '--listen serves live figures: it cannot be combined with --replay'};
	}

	if (flags.sshConfig !== undefined && (flags.sshConfig.trim() === '' || hosts.length === 0)) return {ok: false, error: '--ssh-config FILE is for --host'};
	const options = {hosts, ...(flags.sshConfig === undefined ? {} : {sshConfig: flags.sshConfig}), ...(listen === undefined ? {} : {listen})};
	if (hosts.length === 0) return {ok: true, options};

	const local = hosts.some(host => host.label === localHost);
	const remote = hosts.some(host => host.label !== localHost);
	if (flags.replay !== undefined) return {ok: false, error: '--replay is the backend: it cannot be combined with --host'};
	if (!local && loads) return {ok: false, error: '--load loads objects into the local emulator: add --host local'};
	if (!local && flags.backend !== undefined && flags.backend !== 'auto') return {ok: false, error: '--backend chooses what watches this machine: add --host local'};
	if (remote && flags.netns !== undefined) return {ok: false, error: '--netns is for the local machine: it cannot be combined with a remote --host'};
	if (hosts.length > 1) {
		const one = (flag: string) => ({ok: false as const, error: `${flag} needs one host: with several, open it from the Programs or Maps view`});
		if (prog) return one('--prog');
		if (flags.map !== undefined) return one('--map');
		if (flags.record !== undefined) return {ok: false, error: '--record records one host: it cannot be combined with several --host'};
	}

	return {ok: true, options};
}

/** "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464", ":9464" or "9464" (on 127.0.0.1); port 0 takes a free one. */
export function parseListen(text: string): ListenAddress | undefined {
	const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?(\d{1,5})$/.exec(text.trim());
	if (!match) return undefined;
	const port = Number(match[2]);
	if (port > 65_535) return undefined;
	const host = match[1] === undefined || match[1] === '' ? '127.0.0.1' : match[1].replace(/^\[(.*)\]$/, '$1');
	return {host, port};
}

/** "100MB", "1G", "500k", "2000000" → bytes (decimal units, as `ls -h --si` and disks count). */
export function parseSize(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(text);
	if (!match) return undefined;
	const unit = {'': 1, k: 1e3, m: 1e6, g: 1e9}[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
	return Math.floor(Number(match[1]) * unit);
}

function parseSeconds(text: string): number | undefined {
	if (!/^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text)) return undefined;
	const value = Number(text);
	return Number.isFinite(value) && value > 0 && value <= 86_400 ? value : undefined;
}
