// Bench flags: --quick, --window SECONDS, --soak MINUTES, --no-htop. Pure.

export type BenchArgs = {
	readonly quick: boolean;
	readonly windowS: number;
	readonly warmupS: number;
	/** Minutes of soak; undefined runs the comparison instead. */
	readonly soakMinutes?: number;
	readonly htop: boolean;
};

export type ArgsResult = {ok: true; args: BenchArgs} | {ok: false; error: string};

export function parseBenchArgs(argv: readonly string[]): ArgsResult {
	let quick = false;
	let htop = true;
	let windowS: number | undefined;
	let soakMinutes: number | undefined;
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
		} else if (flag === '--soak') {
			soakMinutes = value();
			if (soakMinutes === undefined) return {ok: false, error: '--soak needs a number of minutes > 0'};
		} else return {ok: false, error: `unknown flag ${flag} (flags: --quick, --window SECONDS, --soak MINUTES, --no-htop)`};
	}

	return {ok: true, args: {quick, htop, windowS: windowS ?? (quick ? 5 : 10), warmupS: quick ? 1 : 2, soakMinutes}};
}
