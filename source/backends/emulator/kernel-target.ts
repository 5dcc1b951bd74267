// The kernel a loaded object is prepared for, as libbpf sees it: its BTF (CO-RE's target, ksyms,
// attach targets), its release (LINUX_KERNEL_VERSION), its Kconfig (CONFIG_* externs) and its
// symbols (untyped __ksym externs). libbpf reads the running kernel's; so does the emulator where
// it can (/sys/kernel/btf/vmlinux is world-readable on most systems). Where it cannot, CO-RE
// resolves against the object's own types, and the load says so.
import {readFileSync} from 'node:fs';
import {release} from 'node:os';
import {gunzipSync} from 'node:zlib';
import {indexBtf, type BtfIndex} from './btf/parse.js';

export const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';

export type KernelTarget = {
	/** The kernel's BTF; undefined: resolve against each object's own BTF. */
	readonly btf: BtfIndex | undefined;
	/** Where the BTF came from, for messages: '/sys/kernel/btf/vmlinux', or why it is absent. */
	readonly source: string;
	/** uname -r, e.g. '6.18.44-fc'. */
	readonly release: string;
	/** LINUX_KERNEL_VERSION: KERNEL_VERSION(a, b, c) as libbpf computes it. */
	readonly versionCode: number;
	/** CONFIG_X → 'y' | 'm' | '"text"' | '123'; undefined when no Kconfig could be read. */
	kconfig(): ReadonlyMap<string, string> | undefined;
	/** A kernel symbol's address from /proc/kallsyms (0 without privileges), undefined if absent. */
	kallsyms(name: string): bigint | undefined;
};

let host: KernelTarget | undefined;

/** This machine's kernel, read once per process (the BTF is indexed lazily: ~10 ms, see bench/corpus.ts). */
export function hostTarget(): KernelTarget {
	host ??= readHostTarget();
	return host;
}

function readHostTarget(): KernelTarget {
	let btf: BtfIndex | undefined;
	let source: string;
	try {
		btf = indexBtf(VMLINUX_BTF, readFileSync(VMLINUX_BTF));
		source = VMLINUX_BTF;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		source = `the object's own BTF (${VMLINUX_BTF}: ${code === 'ENOENT' ? 'not present' : code === 'EACCES' ? 'not readable' : error instanceof Error ? error.message : String(error)})`;
	}

	const kernelRelease = release();
	return {btf, source, release: kernelRelease, versionCode: kernelVersionCode(kernelRelease, true), kconfig: once(() => readKconfig(kernelRelease)), kallsyms: kallsymsReader()};
}

/** A target with no kernel behind it: the object's own types, a given release, no Kconfig. */
export function detachedTarget(kernelRelease: string, why = 'no kernel BTF'): KernelTarget {
	return {btf: undefined, source: `the object's own BTF (${why})`, release: kernelRelease, versionCode: kernelVersionCode(kernelRelease, false), kconfig: () => undefined, kallsyms: () => undefined};
}

/** A target over a given BTF (tests, or a saved vmlinux). */
export function btfTarget(btf: BtfIndex, source: string, kernelRelease: string, kconfig?: ReadonlyMap<string, string>): KernelTarget {
	return {btf, source, release: kernelRelease, versionCode: kernelVersionCode(kernelRelease, false), kconfig: () => kconfig, kallsyms: () => undefined};
}

function once<T>(make: () => T): () => T {
	let done = false;
	let value: T;
	return () => {
		if (!done) {
			value = make();
			done = true;
		}

		return value;
	};
}

/** /boot/config-$(uname -r), else /proc/config.gz, as libbpf reads them. */
function readKconfig(kernelRelease: string): ReadonlyMap<string, string> | undefined {
	let text: string | undefined;
	for (const path of [`/boot/config-${kernelRelease}`, '/proc/config.gz']) {
		try {
			const bytes = readFileSync(path);
			text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
			break;
		} catch {
			// Try the next place.
		}
	}

	if (text === undefined) return undefined;
	const config = new Map<string, string>();
	for (const line of text.split('\n')) {
		const match = /^(CONFIG_\w+)=(.+)$/.exec(line);
		if (match) config.set(match[1]!, match[2]!);
	}

	return config;
}

function kallsymsReader(): (name: string) => bigint | undefined {
	let symbols: Map<string, bigint> | undefined;
	return name => {
		if (symbols === undefined) {
			symbols = new Map();
			try {
				for (const line of readFileSync('/proc/kallsyms', 'latin1').split('\n')) {
					const [address, , symbol] = line.split(' ');
					if (address !== undefined && symbol !== undefined && !symbols.has(symbol)) symbols.set(symbol, BigInt(`0x${address}`));
				}
			} catch {
				// No kallsyms: untyped ksyms stay unresolved.
			}
		}

		return symbols.get(name);
	};
}

/** libbpf's get_kernel_version(): KERNEL_VERSION(a, b, c) of the release, c capped at 255. */
export function kernelVersionCode(kernelRelease: string, running: boolean): number {
	let signature: string | undefined;
	try {
		// Ubuntu's uname hides the real patch level: libbpf reads it here (the running kernel only).
		if (running) signature = readFileSync('/proc/version_signature', 'latin1');
	} catch {
		// Not Ubuntu.
	}

	const ubuntu = signature === undefined ? undefined : /^\S+\s+\S+\s+(\d+)\.(\d+)\.(\d+)/.exec(signature);
	const match = ubuntu ?? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(kernelRelease);
	if (!match) return 0;
	const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
	return major * 65_536 + minor * 256 + Math.min(patch, 255);
}
