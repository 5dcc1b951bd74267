// Command-line flags → validated options. Pure: bad input becomes one clear line, never a throw.

export type BackendChoice = 'auto' | 'bpftool' | 'emulator';

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
};

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
		},
	};
}

function parseSeconds(text: string): number | undefined {
	if (!/^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text)) return undefined;
	const value = Number(text);
	return Number.isFinite(value) && value > 0 && value <= 86_400 ? value : undefined;
}
