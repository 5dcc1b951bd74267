// Reads .BTF.ext: per ELF section, the func_info and line_info records clang emits (instruction
// offsets in bytes from the start of that section) and the CO-RE relocations.

import {LoadError} from '../elf/load-error.js';
import {BTF_MAGIC, type RawBtf} from './parse.js';

export type RawFuncInfo = {readonly insnOff: number; readonly typeId: number};
export type RawLineInfo = {readonly insnOff: number; readonly file: string; readonly source: string; readonly line: number; readonly column: number};

/** struct bpf_core_relo: which instruction, the local type it starts from, the access string ("0:1:2"), the kind. */
export type RawCoreRelo = {readonly insnOff: number; readonly typeId: number; readonly access: string; readonly kind: number};

export type BtfExtSection = {
	readonly funcInfo: readonly RawFuncInfo[];
	readonly lineInfo: readonly RawLineInfo[];
	readonly coreRelos: readonly RawCoreRelo[];
};

/** Section name → its records. */
export type BtfExt = ReadonlyMap<string, BtfExtSection>;

export function parseBtfExt(file: string, bytes: Uint8Array, btf: RawBtf): BtfExt {
	const fail = (problem: string): never => {
		throw new LoadError(file, `.BTF.ext: ${problem}`);
	};
	if (bytes.length < 24) fail('truncated header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint16(0, true) !== BTF_MAGIC) fail('bad magic');
	if (bytes[2] !== 1) fail(`unsupported version ${bytes[2]}`);
	const hdrLen = view.getUint32(4, true);
	if (hdrLen < 24 || hdrLen > bytes.length) fail('bad header length');

	const sections = new Map<string, {funcInfo: RawFuncInfo[]; lineInfo: RawLineInfo[]; coreRelos: RawCoreRelo[]}>();
	const entry = (name: string) => {
		let found = sections.get(name);
		if (!found) sections.set(name, (found = {funcInfo: [], lineInfo: [], coreRelos: []}));
		return found;
	};

	// Each part: a record size, then blocks of {section name offset, record count, records}.
	const readPart = (what: string, off: number, len: number, minRecord: number, onRecord: (section: string, at: number) => void) => {
		if (len === 0) return;
		const start = hdrLen + off;
		const end = start + len;
		if (end > bytes.length || len < 4) fail(`${what} outside the data`);
		const recordSize = view.getUint32(start, true);
		if (recordSize < minRecord || recordSize % 4 !== 0) fail(`${what}: bad record size ${recordSize}`);
		let at = start + 4;
		while (at < end) {
			if (at + 8 > end) fail(`${what}: truncated section header`);
			const section = btf.string(view.getUint32(at, true));
			const count = view.getUint32(at + 4, true);
			at += 8;
			if (at + count * recordSize > end) fail(`${what}: records for ${section} run past the data`);
			for (let i = 0; i < count; i++, at += recordSize) onRecord(section, at);
		}
	};

	readPart('func_info', view.getUint32(8, true), view.getUint32(12, true), 8, (section, at) => {
		entry(section).funcInfo.push({insnOff: view.getUint32(at, true), typeId: view.getUint32(at + 4, true)});
	});
	readPart('line_info', view.getUint32(16, true), view.getUint32(20, true), 16, (section, at) => {
		const lineCol = view.getUint32(at + 12, true);
		entry(section).lineInfo.push({
			insnOff: view.getUint32(at, true),
			file: btf.string(view.getUint32(at + 4, true)),
			source: btf.string(view.getUint32(at + 8, true)),
			line: lineCol >>> 10,
			column: lineCol & 0x3ff,
		});
	});
	if (hdrLen >= 32) {
		readPart('core_relo', view.getUint32(24, true), view.getUint32(28, true), 16, (section, at) => {
			entry(section).coreRelos.push({
				insnOff: view.getUint32(at, true),
				typeId: view.getUint32(at + 4, true),
				access: btf.string(view.getUint32(at + 8, true)),
				kind: view.getUint32(at + 12, true),
			});
		});
	}
	return sections;
}
