// Extern variables and functions (libbpf's bpf_object__collect_externs and resolve_externs):
// `extern … __kconfig` values live in a read-only `.kconfig` map that libbpf fills from the kernel's
// release and Kconfig; `extern … __ksym` resolve against the kernel's BTF (typed variables and
// kfuncs) or /proc/kallsyms (untyped). A strong extern that cannot be resolved fails the load with
// libbpf's message; a weak one reads as zero.

import type {BtfType, MapSpec} from '../object.js';
import type {KernelTarget} from '../kernel-target.js';
import {typesAreCompat, skipMods, resolveSize} from '../btf/core.js';
import {BtfKind, type BtfIndex} from '../btf/parse.js';
import {resolveType} from '../btf/resolve.js';
import {BPF_F_MMAPABLE, BPF_F_RDONLY_PROG, internalMapName} from './global-data.js';
import {LoadError} from './load-error.js';
import type {MapSite} from './map-types.js';
import type {ElfFile} from './reader.js';

const STT_NOTYPE = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const VAR_EXTERN = 2;
const FUNC_EXTERN = 2;

type KcfgType = 'int' | 'char' | 'bool' | 'tristate' | 'char_array';

type KcfgExtern = {
	readonly kind: 'kconfig';
	readonly name: string;
	readonly weak: boolean;
	readonly btfId: number;
	readonly size: number;
	readonly align: number;
	readonly type: KcfgType;
	readonly signed: boolean;
	offset: number;
};

type KsymExtern = {readonly kind: 'ksym'; readonly name: string; readonly weak: boolean; readonly btfId: number; readonly typeId: number; readonly func: boolean};

/** What an instruction referring to an extern symbol becomes. */
export type ExternUse =
	| {readonly kind: 'kconfig'; readonly map: string; readonly offset: number}
	/** ld_imm64 src_reg BPF_PSEUDO_BTF_ID: a typed kernel variable. */
	| {readonly kind: 'btf_var'; readonly name: string; readonly btfId: number; readonly typeId: number}
	/** ld_imm64 of an address: an untyped ksym (or an unresolved weak typed one: 0). */
	| {readonly kind: 'address'; readonly name: string; readonly address: bigint}
	/** A kfunc call (src_reg BPF_PSEUDO_KFUNC_CALL); btfId 0 for an unresolved weak kfunc. */
	| {readonly kind: 'kfunc'; readonly name: string; readonly btfId: number};

export type Externs = {
	/** The `.kconfig` map, when the object has kconfig externs. */
	readonly kconfigMap?: MapSite;
	/** By ELF symbol index. */
	readonly uses: ReadonlyMap<number, ExternUse>;
	/** What the emulator did where libbpf would have needed the real kernel. */
	readonly notes: readonly string[];
};

function kcfgType(btf: BtfIndex, id: number): {type: KcfgType | undefined; signed: boolean} {
	id = skipMods(btf, id);
	const type = btf.type(id);
	switch (type.kind) {
		case 'int':
			if (type.bool) return {type: type.size === 1 ? 'bool' : undefined, signed: false};
			if (type.size === 1) return {type: 'char', signed: type.signed};
			return {type: [2, 4, 8].includes(type.size) ? 'int' : undefined, signed: type.signed};
		case 'enum':
			return {type: btf.kindOf(id) === BtfKind.ENUM && type.size === 4 && type.name === 'libbpf_tristate' ? 'tristate' : undefined, signed: false};
		case 'array':
			return {type: type.length > 0 && kcfgType(btf, type.elem).type === 'char' ? 'char_array' : undefined, signed: false};
		default:
			return {type: undefined, signed: false};
	}
}

function alignOf(btf: BtfIndex, id: number): number {
	id = skipMods(btf, id);
	const type = btf.type(id);
	if (type.kind === 'array') return alignOf(btf, type.elem);
	return 'size' in type ? Math.min(8, Math.max(1, type.size)) : 8;
}

export function collectExterns(elf: ElfFile, btf: BtfIndex | undefined, object: string, target: KernelTarget): Externs {
	const fail = (problem: string): never => {
		throw new LoadError(elf.file, problem);
	};
	const symbols = elf.symbols.filter(s => s.section === 0 && s.name !== '' && s.type === STT_NOTYPE && (s.bind === STB_GLOBAL || s.bind === STB_WEAK));
	const uses = new Map<number, ExternUse>();
	const notes: string[] = [];
	if (symbols.length === 0) return {uses, notes};
	if (!btf) return fail(`extern '${symbols[0]!.name}': externs need .BTF (compile with -g)`);

	const kconfig: Array<KcfgExtern & {symbol: number}> = [];
	const ksyms: Array<KsymExtern & {symbol: number}> = [];
	for (const symbol of symbols) {
		const btfId = btf.byName(symbol.name, [BtfKind.VAR, BtfKind.FUNC])[0];
		if (btfId === undefined) return fail(`failed to find BTF for extern '${symbol.name}': -2`);
		const type = btf.type(btfId);
		if ((type.kind === 'var' && type.linkage !== VAR_EXTERN) || (type.kind === 'func' && type.linkage !== FUNC_EXTERN)) return fail(`failed to find BTF for extern '${symbol.name}': -22`);
		const section = btf.types.findIndex(t => t.kind === 'datasec' && t.vars.some(v => v.type === btfId));
		const sectionName = section < 0 ? '' : btf.nameOf(section);
		const weak = symbol.bind === STB_WEAK;
		const valueType = 'type' in type ? type.type : 0;
		if (sectionName === '.kconfig') {
			if (type.kind === 'func') return fail(`extern function ${symbol.name} is unsupported under .kconfig section`);
			const size = resolveSize(btf, valueType);
			if (size === undefined || size <= 0) return fail(`failed to resolve size of extern (kcfg) '${symbol.name}': -22`);
			const {type: kcfg, signed} = kcfgType(btf, valueType);
			if (kcfg === undefined) return fail(`extern (kcfg) '${symbol.name}': type is unsupported`);
			kconfig.push({kind: 'kconfig', name: symbol.name, weak, btfId, size, align: alignOf(btf, valueType), type: kcfg, signed, offset: 0, symbol: symbol.index});
		} else if (sectionName === '.ksyms') {
			ksyms.push({kind: 'ksym', name: symbol.name, weak, btfId, typeId: skipMods(btf, valueType), func: type.kind === 'func', symbol: symbol.index});
		} else {
			return fail(`unrecognized extern section '${sectionName}'`);
		}
	}

	const kconfigMap = kconfig.length > 0 ? kconfigSite(elf, btf, object, target, kconfig, uses, notes) : undefined;
	for (const ext of ksyms) uses.set(ext.symbol, resolveKsym(elf.file, btf, target, ext, notes));
	return {...(kconfigMap ? {kconfigMap} : {}), uses, notes};
}

/** Lays out the .kconfig map (by alignment, then size, then name, as libbpf sorts) and fills it. */
function kconfigSite(elf: ElfFile, btf: BtfIndex, object: string, target: KernelTarget, externs: Array<KcfgExtern & {symbol: number}>, uses: Map<number, ExternUse>, notes: string[]): MapSite {
	const fail = (problem: string): never => {
		throw new LoadError(elf.file, problem);
	};
	externs.sort((a, b) => b.align - a.align || a.size - b.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	let end = 0;
	for (const ext of externs) {
		ext.offset = Math.ceil(end / ext.align) * ext.align;
		end = ext.offset + ext.size;
	}

	const name = internalMapName(object, '.kconfig');
	const data = new Uint8Array(end);
	const setNumber = (ext: KcfgExtern, value: bigint): void => {
		if (ext.type === 'tristate' || ext.type === 'char_array') fail(`extern (kcfg) '${ext.name}': value '${value}' implies integer, char, or boolean type`);
		if (ext.type === 'bool' && value > 1n) fail(`extern (kcfg) '${ext.name}': value '${value}' isn't boolean compatible`);
		const bits = BigInt(ext.size * 8);
		const fits = ext.signed ? value >= -(1n << (bits - 1n)) && value < 1n << (bits - 1n) : value >= 0n && value < 1n << bits;
		if (!fits && ext.size < 8) fail(`extern (kcfg) '${ext.name}': value '${value}' doesn't fit in ${ext.size} bytes`);
		const raw = BigInt.asUintN(64, value);
		for (let i = 0; i < ext.size; i++) data[ext.offset + i] = Number((raw >> BigInt(i * 8)) & 0xffn);
	};

	const config = externs.some(e => e.name.startsWith('CONFIG_')) ? target.kconfig() : undefined;
	// LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER are libbpf feature probes; the emulated kernel has cookies, and syscall wrappers where it has kprobes.
	for (const ext of externs) {
		uses.set(ext.symbol, {kind: 'kconfig', map: name, offset: ext.offset});
		if (ext.name === 'LINUX_KERNEL_VERSION') {
			setNumber(ext, BigInt(target.versionCode));
		} else if (ext.name === 'LINUX_HAS_BPF_COOKIE') {
			setNumber(ext, 1n);
		} else if (ext.name === 'LINUX_HAS_SYSCALL_WRAPPER') {
			// libbpf's probe places a kprobe on __x64_sys_bpf: a kernel without kprobes answers 0.
			setNumber(ext, target.kconfig()?.get('CONFIG_KPROBES') === undefined && target.kconfig() !== undefined ? 0n : 1n);
		} else if (ext.name.startsWith('CONFIG_')) {
			const value = config?.get(ext.name);
			if (value === undefined) {
				if (config === undefined) notes.push(`${ext.name}: no Kconfig readable (/boot/config-*, /proc/config.gz); libbpf would fail, the emulator reads 0`);
				else if (!ext.weak) fail(`extern '${ext.name}' (strong): not resolved`);
				continue;
			}

			setKconfigValue(ext, value, data, setNumber, fail);
		} else if (!ext.name.startsWith('LINUX_') || !ext.weak) {
			fail(`extern (kcfg) '${ext.name}': unrecognized virtual extern`);
		}
	}

	const datasec = btf.types.findIndex(t => t.kind === 'datasec' && t.name === '.kconfig');
	const vars = externs.flatMap(ext => {
		const variable = btf.type(ext.btfId);
		const type = variable.kind === 'var' ? resolveType(btf, variable.type) : undefined;
		return type ? [{name: ext.name, type, offset: ext.offset, size: ext.size}] : [];
	});
	const valueType: BtfType | undefined = datasec < 0 ? undefined : {kind: 'datasec', name: '.kconfig', size: end, vars};
	const spec: MapSpec = {
		name,
		type: 'array',
		keySize: 4,
		valueSize: end,
		maxEntries: 1,
		flags: BPF_F_MMAPABLE | BPF_F_RDONLY_PROG,
		initialValue: data,
		frozen: true,
		...(valueType ? {valueType} : {}),
	};
	return {spec, section: -1, offset: 0, kind: 'value'};
}

function setKconfigValue(ext: KcfgExtern, value: string, data: Uint8Array, setNumber: (ext: KcfgExtern, value: bigint) => void, fail: (problem: string) => never): void {
	const first = value[0];
	if (first === 'y' || first === 'n' || first === 'm') {
		if (ext.type === 'bool') {
			if (first === 'm') fail(`extern (kcfg) '${ext.name}': value '${first}' implies tristate or char type`);
			data[ext.offset] = first === 'y' ? 1 : 0;
		} else if (ext.type === 'tristate') {
			data[ext.offset] = first === 'y' ? 1 : first === 'm' ? 2 : 0;
		} else if (ext.type === 'char') {
			data[ext.offset] = first.charCodeAt(0);
		} else {
			fail(`extern (kcfg) '${ext.name}': value '${first}' implies bool, tristate, or char type`);
		}

		return;
	}

	if (first === '"') {
		if (ext.type !== 'char_array') fail(`extern (kcfg) '${ext.name}': value '${value}' implies char array type`);
		const text = Buffer.from(value.slice(1, value.endsWith('"') ? -1 : undefined), 'latin1');
		data.set(text.subarray(0, ext.size - 1), ext.offset);
		return;
	}

	let number: bigint;
	try {
		number = BigInt(value);
	} catch {
		return fail(`extern (kcfg) '${ext.name}': value '${value}' isn't a valid integer`);
	}

	if (ext.type !== 'int' && ext.type !== 'char') fail(`extern (kcfg) '${ext.name}': value '${value}' implies integer type`);
	setNumber(ext, number);
}

function resolveKsym(file: string, btf: BtfIndex, target: KernelTarget, ext: KsymExtern, notes: string[]): ExternUse {
	const fail = (problem: string): never => {
		throw new LoadError(file, problem);
	};
	if (!ext.func && ext.typeId === 0) {
		// Untyped: an address from /proc/kallsyms.
		const address = target.kallsyms(ext.name);
		if (address === undefined && !ext.weak) {
			if (target.btf === undefined) notes.push(`${ext.name}: no kallsyms; libbpf would fail, the emulator uses address 0`);
			else fail(`extern '${ext.name}' (strong): not resolved`);
		}

		return {kind: 'address', name: ext.name, address: address ?? 0n};
	}

	const kernel = target.btf;
	if (kernel === undefined) {
		// No kernel BTF: the object's own declaration stands in for the kernel's.
		notes.push(`${ext.name}: resolved against the object's own BTF (no kernel BTF)`);
		return ext.func ? {kind: 'kfunc', name: ext.name, btfId: ext.btfId} : {kind: 'btf_var', name: ext.name, btfId: ext.btfId, typeId: ext.typeId};
	}

	const id = kernel.byName(ext.name, [ext.func ? BtfKind.FUNC : BtfKind.VAR])[0];
	if (id === undefined) {
		if (ext.weak) return ext.func ? {kind: 'kfunc', name: ext.name, btfId: 0} : {kind: 'address', name: ext.name, address: 0n};
		return fail(ext.func ? `extern (func ksym) '${ext.name}': not found in kernel or module BTFs` : `extern (var ksym) '${ext.name}': not found in kernel BTF`);
	}

	const kernelType = kernel.type(id);
	const kernelTypeId = ext.func ? ('type' in kernelType ? kernelType.type : 0) : skipMods(kernel, 'type' in kernelType ? kernelType.type : 0);
	if (typesAreCompat(btf, ext.typeId, kernel, kernelTypeId) <= 0) {
		if (ext.func) fail(`extern (func ksym) '${ext.name}': func_proto [${ext.typeId}] incompatible with kernel [${kernelTypeId}]`);
		fail(`extern (var ksym) '${ext.name}': incompatible types, expected [${ext.typeId}] ${btf.nameOf(ext.typeId)}, but kernel has [${kernelTypeId}] ${kernel.nameOf(kernelTypeId)}`);
	}

	return ext.func ? {kind: 'kfunc', name: ext.name, btfId: id} : {kind: 'btf_var', name: ext.name, btfId: id, typeId: kernelTypeId};
}
