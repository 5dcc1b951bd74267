// bpf_trace_printk: formats like the kernel's bpf_bprintf_prepare + bstr_printf, and renders the
// line as /sys/kernel/tracing/trace_pipe shows it.
import type {Memory} from './memory.js';
import {fromBig} from './u64.js';

const isPrintable = (c: number) => (c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d);

/** One conversion of a format: %[flags][width][l|ll|h|hh]conv. */
type Conversion = {readonly flags: string; readonly width: number; readonly length: string; readonly conv: string};

/** A format split into literal text and conversions, or undefined when the kernel would refuse it. */
type ParsedFormat = ReadonlyArray<string | Conversion> | undefined;

/** Formats by text: a program prints the same few formats over and over. */
const parsedFormats = new Map<string, ParsedFormat>();
const MAX_CACHED_FORMATS = 256;

function parseFormat(fmt: string): ParsedFormat {
	for (let i = 0; i < fmt.length; i++) if (!isPrintable(fmt.charCodeAt(i))) return undefined;
	const parts: Array<string | Conversion> = [];
	let literal = '';
	let conversions = 0;
	for (let i = 0; i < fmt.length; i++) {
		const ch = fmt[i]!;
		if (ch !== '%') {
			literal += ch;
			continue;
		}

		if (fmt[i + 1] === '%') {
			literal += '%';
			i++;
			continue;
		}

		const match = /^([-0+ ]*)(\d*)(ll|l|hh|h)?([diuxXcsp])/.exec(fmt.slice(i + 1));
		if (match === null || ++conversions > 3) return undefined;
		const [whole, flags = '', widthText = '', length = '', conv = ''] = match;
		i += whole.length;
		parts.push(literal, {flags, width: Number.parseInt(widthText || '0', 10), length, conv});
		literal = '';
	}

	parts.push(literal);
	return parts;
}

/** The formatted message, or undefined when the kernel would refuse the format (-EINVAL). */
export function formatPrintk(fmt: string, args: readonly bigint[], memory: Memory): string | undefined {
	let parts = parsedFormats.get(fmt);
	if (parts === undefined && !parsedFormats.has(fmt)) {
		parts = parseFormat(fmt);
		if (parsedFormats.size < MAX_CACHED_FORMATS) parsedFormats.set(fmt, parts);
	}

	if (parts === undefined) return undefined;
	let out = '';
	let argIndex = 0;
	for (const part of parts) {
		if (typeof part === 'string') {
			out += part;
			continue;
		}

		const {flags, width, length, conv} = part;
		const arg = args[argIndex++] ?? 0n;
		const long = length === 'l' || length === 'll';
		let text: string;
		switch (conv) {
			case 'd':
			case 'i':
				text = (long ? BigInt.asIntN(64, arg) : BigInt.asIntN(length === 'h' ? 16 : length === 'hh' ? 8 : 32, arg)).toString();
				break;
			case 'u':
				text = (long ? BigInt.asUintN(64, arg) : BigInt.asUintN(32, arg)).toString();
				break;
			case 'x':
			case 'X': {
				const hex = (long ? BigInt.asUintN(64, arg) : BigInt.asUintN(32, arg)).toString(16);
				text = conv === 'X' ? hex.toUpperCase() : hex;
				break;
			}

			case 'c':
				text = String.fromCharCode(Number(arg & 0xffn));
				break;
			case 's':
				try {
					text = memory.readCString(fromBig(BigInt.asUintN(64, arg)), 128);
				} catch {
					text = '';
				}

				break;
			default:
				// %p prints a hashed pointer, as the kernel does for unprivileged formats.
				text = hashPointer(arg);
		}

		if (text.length < width) {
			if (flags.includes('-')) text = text.padEnd(width);
			else if (flags.includes('0') && conv !== 's' && conv !== 'c') text = text.startsWith('-') ? '-' + text.slice(1).padStart(width - 1, '0') : text.padStart(width, '0');
			else text = text.padStart(width);
		}

		out += text;
	}

	return out;
}

function hashPointer(value: bigint): string {
	let h = BigInt.asUintN(64, value ^ 0x9e37_79b9_7f4a_7c15n);
	h = BigInt.asUintN(64, (h ^ (h >> 30n)) * 0xbf58_476d_1ce4_e5b9n);
	h = BigInt.asUintN(64, (h ^ (h >> 27n)) * 0x94d0_49bb_1331_11ebn);
	return BigInt.asUintN(32, h ^ (h >> 31n)).toString(16).padStart(16, '0');
}

const MAX_SAFE_NS = BigInt(Number.MAX_SAFE_INTEGER);

export type TraceTask = {readonly comm: string; readonly pid: number; readonly cpu: number; readonly flags: string; readonly nowNs: bigint};

/** `         python3-3383    [001] ..s21   243.925586: bpf_trace_printk: Hello World 0` */
export function traceLines(task: TraceTask, message: string): string[] {
	const ns = task.nowNs;
	// Number arithmetic while exact (a machine up for less than ~104 days), BigInt beyond.
	const safe = ns <= MAX_SAFE_NS;
	const seconds = safe ? Math.floor(Number(ns) / 1e9) : ns / 1_000_000_000n;
	const micros = safe ? Math.floor((Number(ns) % 1e9) / 1000) : (ns % 1_000_000_000n) / 1000n;
	const body = message.endsWith('\n') ? message.slice(0, -1) : message;
	const [first = '', ...rest] = body.split('\n');
	// Joined, not a template: the trace buffer keeps up to 4096 lines, and a line put together with
	// + or a template is a rope of a ~32-byte node per piece (~0.8 KB a line instead of ~0.1).
	const line = [
		task.comm.slice(0, 16).padStart(16), '-', String(task.pid).padEnd(7), ' [', String(task.cpu).padStart(3, '0'), '] ', task.flags, ' ',
		String(seconds).padStart(5), '.', String(micros).padStart(6, '0'), ': bpf_trace_printk: ', first,
	].join('');
	return [line, ...rest];
}
