// Bench flags: --quick, --window SECONDS, --warmup SECONDS, --only SUBJECTS, --soak MINUTES,
// --no-htop. Pure.

/** What a run can be limited to with --only. */
export const subjectKinds = ['htop', 'emulator', 'bpftool', 'bigmaps', 'install'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export type BenchArgs = {
	readonly quick: boolean;
	readonly windowS: number;
	/**
	 * Seconds between the first frame and the window. Long by default: at one refresh a second,
	 * Node's JIT keeps compiling the monitor's code for about a minute (its threads' CPU falls from
	 * ~11 to ~2 ms/s over 90 s), and the window should measure what a monitor left running costs.
	 * The warm-up's own cost is reported too ("in the warm-up"), and the start's ("CPU to first frame").
	 */
	readonly warmupS: number;
	/** Minutes of soak; undefined runs the comparison instead. */
	readonly soakMinutes?: number;
	readonly htop: boolean;
	/** The subjects to run (all by default). */
	readonly only: readonly SubjectKind[];
};

export type ArgsResult = {ok: true; args: BenchArgs} | {ok: false; error: string};

const usage = 'flags: --quick, --window SECONDS, --warmup SECONDS, --only htop,emulator,bpftool,bigmaps,install, --soak MINUTES, --no-htop';

export function parseBenchArgs(argv: readonly string[]): ArgsResult {
	let quick = false;
	let htop = true;
	let windowS: number | undefined;
	let warmupS: number | undefined;
	let soakMinutes: number | undefined;
	let only: SubjectKind[] = [...subjectKinds];
	for (let index = 0; index < argv.length; index++) {
		const flag = argv[index]!;
		const value = () => {
			const text = argv[++index];
			const number = Number(text);
			return text !== undefined && /^\d+(\.\d+)?$/.test(text) && number > 0 ? number : undefined;
		};

		if (flag === '--quick') quick = true;
		else if (flag === '--no-htop') htop = false;
		else if (flag === '--window') {
			windowS = value();
			if (windowS === undefined) return {ok: false, error: '--window needs a number of seconds > 0'};
		} else if (flag === '--warmup') {
			warmupS = value();
			if (warmupS === undefined) return {ok: false, error: '--warmup needs a number of seconds > 0'};
		} else if (flag === '--only') {
			const names = (argv[++index] ?? '').split(',');
			const unknown = names.filter(name => !subjectKinds.includes(name as SubjectKind));
			if (unknown.length > 0 || names.length === 0) return {ok: false, error: `--only takes a list of ${subjectKinds.join(', ')} (got "${unknown.join(',')}")`};
			only = names as SubjectKind[];
		} else if (flag === '--soak') {
			soakMinutes = value();
			if (soakMinutes === undefined) return {ok: false, error: '--soak needs a number of minutes > 0'};
		} else return {ok: false, error: `unknown flag ${flag} (${usage})`};
	}

	return {ok: true, args: {quick, htop: htop && only.includes('htop'), windowS: windowS ?? (quick ? 10 : 30), warmupS: warmupS ?? (quick ? 5 : 60), soakMinutes, only}};
}
