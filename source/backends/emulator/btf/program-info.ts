// Moves .BTF.ext func_info/line_info records (byte offsets within an ELF section) onto a linked
// program's instruction indexes, the way libbpf's reloc_prog_func_and_line_info does.

import type {FuncInfo, LineInfo} from '../object.js';
import type {BtfExt} from './ext.js';
import type {RawBtf} from './parse.js';
import {funcProto, rawType} from './resolve.js';

type Placement = {
	readonly func: {readonly section: {readonly name: string}; readonly start: number; readonly count: number};
	readonly at: number;
};

export function programInfo(btf: RawBtf, ext: BtfExt, placements: readonly Placement[]): {funcInfo: FuncInfo[]; lineInfo: LineInfo[]} {
	const funcInfo: FuncInfo[] = [];
	const lineInfo: LineInfo[] = [];
	for (const {func, at} of placements) {
		const records = ext.get(func.section.name);
		if (!records) continue;
		// Maps a record's section byte offset to the program's instruction index, if it is in this function.
		const place = (insnOff: number): number | undefined => {
			const index = insnOff / 8;
			return index >= func.start && index < func.start + func.count ? at + index - func.start : undefined;
		};
		for (const record of records.funcInfo) {
			const insn = place(record.insnOff);
			if (insn === undefined) continue;
			const type = rawType(btf, record.typeId);
			funcInfo.push({insn, name: type.kind === 'func' ? type.name : '', proto: funcProto(btf, record.typeId), ...(type.kind === 'func' && type.linkage === 1 ? {global: true} : {})});
		}
		for (const record of records.lineInfo) {
			const insn = place(record.insnOff);
			if (insn === undefined) continue;
			// bpftool prints source lines with leading whitespace trimmed; keep what it shows.
			lineInfo.push({insn, source: record.source.trimStart(), file: record.file, line: record.line, column: record.column});
		}
	}
	funcInfo.sort((a, b) => a.insn - b.insn);
	lineInfo.sort((a, b) => a.insn - b.insn);
	return {funcInfo, lineInfo};
}
