// Histogram maps and their buckets, labelled as the tools that fill them print them:
// - bpftrace's hist(): a log2 histogram; the map key ends in a u64 bucket index (after the user's
//   key, if any): 0 holds negative values, 1 holds 0, 2 holds 1, and k ≥ 3 holds [2^(k-2), 2^(k-1)),
//   labelled with K/M/G/T for powers of 1024 ("[512K, 1M)");
// - bpftrace's lhist(x, min, max, step): linear; bucket 0 is below min, the last is max and above;
// - libbpf-tools' `struct hist { __u32 slots[N]; }` values: slot i holds [2^i, 2^(i+1)) except that
//   slot 0 holds 0 and 1, printed "low -> high" as their print_log2_hist does.
// The kernel does not say which maps are histograms: bpftrace's script does (the holder's command
// line), and a BTF value with a `slots` array does.

export type Histogram =
	| {readonly kind: 'log2'}
	| {readonly kind: 'linear'; readonly min: number; readonly max: number; readonly step: number}
	| {readonly kind: 'slots'; readonly offset: number; readonly size: number; readonly count: number};

export function bucketLabel(histogram: Histogram, index: number): string {
	switch (histogram.kind) {
		case 'log2':
			if (index <= 0) return '(..., 0)';
			if (index === 1) return '[0]';
			if (index === 2) return '[1]';
			return `[${powerLabel(index - 2)}, ${powerLabel(index - 1)})`;
		case 'linear': {
			const {min, max, step} = histogram;
			if (index <= 0) return `(..., ${linearLabel(min)})`;
			if (index >= Math.floor((max - min) / step) + 1) return `[${linearLabel(max)}, ...)`;
			return `[${linearLabel(min + (index - 1) * step)}, ${linearLabel(min + index * step)})`;
		}

		case 'slots': {
			const high = 2 ** (index + 1) - 1;
			const low = 2 ** index;
			return `${low === high ? low - 1 : low} -> ${high}`;
		}
	}
}

/** 2^power as bpftrace writes it: 512, 1K, 2M, 4G, 8T. */
function powerLabel(power: number): string {
	const units: Array<[number, string]> = [
		[40, 'T'],
		[30, 'G'],
		[20, 'M'],
		[10, 'K'],
	];
	for (const [at, suffix] of units) if (power >= at) return `${2 ** (power - at)}${suffix}`;
	return String(2 ** power);
}

function linearLabel(value: number): string {
	if (value === 0) return '0';
	if (value % 1_048_576 === 0) return `${value / 1_048_576}M`;
	if (value % 1024 === 0) return `${value / 1024}K`;
	return String(value);
}

/** Which bucket a value falls in (for tests and for anyone filling such a map). */
export function bucketOf(histogram: Exclude<Histogram, {kind: 'slots'}>, value: number): number {
	if (histogram.kind === 'log2') {
		if (value < 0) return 0;
		if (value === 0) return 1;
		return Math.floor(Math.log2(value)) + 2;
	}

	const {min, max, step} = histogram;
	if (value < min) return 0;
	if (value >= max) return Math.floor((max - min) / step) + 1;
	return Math.floor((value - min) / step) + 1;
}

/** bpftrace's map name for `@name` ("AT_name"; the bare `@` is "AT_"). */
export function bpftraceName(kernelName: string): string | undefined {
	return kernelName.startsWith('AT_') ? `@${kernelName.slice(3)}` : undefined;
}

/** The script of a bpftrace command line: the -e program (file scripts are read by the backend). */
export function bpftraceScript(args: readonly string[]): string | undefined {
	const at = args.indexOf('-e');
	return at >= 0 ? args[at + 1] : undefined;
}

/** `@name = hist(…)` and `@name[…] = lhist(x, min, max, step)` in a script, by kernel map name. */
export function scriptHistograms(script: string): Map<string, Histogram> {
	const found = new Map<string, Histogram>();
	const assignment = /@([A-Za-z_]\w*)?\s*(?:\[[^\]]*\])?\s*=\s*(hist|lhist)\s*\(/g;
	for (const match of script.matchAll(assignment)) {
		const args = callArguments(script, match.index + match[0].length);
		const name = `AT_${match[1] ?? ''}`;
		if (match[2] === 'hist') {
			// hist(x, k) with k > 0 splits each power of two; only the plain layout is drawn.
			if (args.length === 1 || (args.length === 2 && Number(args[1]) === 0)) found.set(name, {kind: 'log2'});
		} else {
			const [min, max, step] = args.slice(-3).map(text => Number(text.trim()));
			if (args.length === 4 && Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(step) && step! > 0 && max! > min!) {
				found.set(name, {kind: 'linear', min: min!, max: max!, step: step!});
			}
		}
	}

	return found;
}

/** The top-level arguments of a call whose text starts at `from` (just after its parenthesis). */
function callArguments(text: string, from: number): string[] {
	const args: string[] = [];
	let depth = 0;
	let start = from;
	for (let index = from; index < text.length; index++) {
		const character = text[index];
		if (character === '(' || character === '[') depth++;
		else if ((character === ')' || character === ']') && depth > 0) depth--;
		else if (character === ',' && depth === 0) {
			args.push(text.slice(start, index));
			start = index + 1;
		} else if (character === ')' && depth === 0) {
			args.push(text.slice(start, index));
			return args.map(arg => arg.trim());
		}
	}

	return [];
}
