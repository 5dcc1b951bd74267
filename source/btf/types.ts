// A simplified BTF type: enough to format map keys and values the way bpftool's `formatted` output
// does. Both backends meet here: the emulator builds these from its objects (scenario code, the ELF
// loader), the bpftool backend from the BTF the kernel hands out for a map (from-raw.ts).

export type BtfType =
	| {
			readonly kind: 'int';
			readonly name: string;
			readonly size: number;
			readonly signed: boolean;
			/** An array of it is a string candidate (the emulator's loader; from-raw.ts sets `string` on the array instead). */
			readonly char?: boolean;
			readonly bool?: boolean;
			/** BTF_INT_CHAR encoding: bpftool prints one such byte as a one-character string. */
			readonly charEncoding?: boolean;
			/** The encoding's bit count and offset, when they are not size × 8 and 0: bpftool prints it as a bitfield. */
			readonly bits?: number;
			readonly bitOffset?: number;
	  }
	| {readonly kind: 'float'; readonly name: string; readonly size: number}
	| {readonly kind: 'ptr'; readonly size: 8}
	| {
			readonly kind: 'array';
			readonly elem: BtfType;
			readonly length: number;
			/** bpftool's is_str_array: printed as a string when printable up to a NUL. Undefined: decided by `elem.char`. */
			readonly string?: boolean;
	  }
	| {readonly kind: 'struct' | 'union'; readonly name: string; readonly size: number; readonly members: readonly BtfMember[]}
	| {readonly kind: 'enum'; readonly name: string; readonly size: number; readonly signed: boolean; readonly values: ReadonlyArray<{readonly name: string; readonly value: bigint}>}
	/** The type of a global-data map's value (.bss, .data, .rodata): named variables at offsets. */
	| {readonly kind: 'datasec'; readonly name: string; readonly size: number; readonly vars: ReadonlyArray<{readonly name: string; readonly type: BtfType; readonly offset: number; readonly size: number}>}
	/** A kind bpftool cannot print (void, a forward declaration, a function): it prints "(unsupported-kind)". */
	| {readonly kind: 'unsupported'; readonly name: string; readonly size: number};

export type BtfMember = {
	readonly name: string;
	readonly type: BtfType;
	readonly bitOffset: number;
	/** Set for bitfields. */
	readonly bitSize?: number;
};

/** The key and value types of a map, as far as its BTF describes them. */
export type MapBtf = {readonly key?: BtfType; readonly value?: BtfType};

export function sizeOf(type: BtfType): number {
	switch (type.kind) {
		case 'ptr':
			return 8;
		case 'array':
			return sizeOf(type.elem) * type.length;
		default:
			return type.size;
	}
}
