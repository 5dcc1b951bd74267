// Builds .BTF and .BTF.ext sections by hand, so the parsers can be tested on every kind and on
// damaged input without a compiler.

export class BtfBuilder {
	private readonly strings: string[] = [''];
	private stringsLength = 1;
	private readonly offsets = new Map<string, number>([['', 0]]);
	private readonly words: number[] = [];
	private count = 0;

	str(value: string): number {
		let offset = this.offsets.get(value);
		if (offset === undefined) {
			offset = this.stringsLength;
			this.offsets.set(value, offset);
			this.strings.push(value);
			this.stringsLength += new TextEncoder().encode(value).length + 1;
		}
		return offset;
	}

	/** Appends a type record (name, info, size/type, then extra words) and returns its id. */
	private add(name: string, kind: number, vlen: number, sizeOrType: number, extra: number[] = [], kflag = false): number {
		this.words.push(this.str(name), ((kflag ? 1 : 0) << 31) | (kind << 24) | vlen, sizeOrType, ...extra);
		return ++this.count;
	}

	int(name: string, size: number, encoding = 0, bits = size * 8): number {
		return this.add(name, 1, 0, size, [(encoding << 24) | bits]);
	}
	ptr(type: number): number {
		return this.add('', 2, 0, type);
	}
	array(elem: number, index: number, length: number): number {
		return this.add('', 3, 0, 0, [elem, index, length]);
	}
	struct(name: string, size: number, members: Array<{name: string; type: number; bitOffset: number; bitSize?: number}>, union = false): number {
		const kflag = members.some(m => m.bitSize !== undefined);
		const extra = members.flatMap(m => [this.str(m.name), m.type, kflag ? ((m.bitSize ?? 0) << 24) | m.bitOffset : m.bitOffset]);
		return this.add(name, union ? 5 : 4, members.length, size, extra, kflag);
	}
	enum(name: string, size: number, values: Array<[string, number]>, signed = false): number {
		return this.add(name, 6, values.length, size, values.flatMap(([n, v]) => [this.str(n), v >>> 0]), signed);
	}
	enum64(name: string, values: Array<[string, bigint]>, signed = false): number {
		const extra = values.flatMap(([n, v]) => {
			const bits = BigInt.asUintN(64, v);
			return [this.str(n), Number(bits & 0xffffffffn), Number(bits >> 32n)];
		});
		return this.add(name, 19, values.length, 8, extra, signed);
	}
	fwd(name: string, union = false): number {
		return this.add(name, 7, 0, 0, [], union);
	}
	typedef(name: string, type: number): number {
		return this.add(name, 8, 0, type);
	}
	volatile(type: number): number {
		return this.add('', 9, 0, type);
	}
	const(type: number): number {
		return this.add('', 10, 0, type);
	}
	restrict(type: number): number {
		return this.add('', 11, 0, type);
	}
	func(name: string, proto: number, linkage = 1): number {
		return this.add(name, 12, linkage, proto);
	}
	funcProto(returns: number, params: Array<[string, number]>): number {
		return this.add('', 13, params.length, returns, params.flatMap(([n, t]) => [this.str(n), t]));
	}
	var(name: string, type: number, linkage = 1): number {
		return this.add(name, 14, 0, type, [linkage]);
	}
	datasec(name: string, size: number, vars: Array<[number, number, number]>): number {
		return this.add(name, 15, vars.length, size, vars.flat());
	}
	float(name: string, size: number): number {
		return this.add(name, 16, 0, size);
	}
	declTag(name: string, type: number, component: number): number {
		return this.add(name, 17, 0, type, [component >>> 0]);
	}
	typeTag(name: string, type: number): number {
		return this.add(name, 18, 0, type);
	}
	/** A raw word, to build damaged records. */
	raw(...words: number[]): void {
		this.words.push(...words);
	}

	build(): Uint8Array {
		const encoder = new TextEncoder();
		const strings = encoder.encode(this.strings.map(s => `${s}\0`).join(''));
		const typeLen = this.words.length * 4;
		const bytes = new Uint8Array(24 + typeLen + strings.length);
		const view = new DataView(bytes.buffer);
		view.setUint16(0, 0xeb9f, true);
		bytes[2] = 1;
		view.setUint32(4, 24, true);
		view.setUint32(8, 0, true);
		view.setUint32(12, typeLen, true);
		view.setUint32(16, typeLen, true);
		view.setUint32(20, strings.length, true);
		this.words.forEach((word, i) => view.setUint32(24 + i * 4, word >>> 0, true));
		bytes.set(strings, 24 + typeLen);
		return bytes;
	}
}

/** A .BTF.ext with func_info and line_info for one section; offsets are string offsets in `btf`. */
export function buildBtfExt(section: number, funcInfo: Array<[number, number]>, lineInfo: Array<[number, number, number, number, number]>): Uint8Array {
	const funcWords = [8, section, funcInfo.length, ...funcInfo.flat()];
	const lineWords = [16, section, lineInfo.length, ...lineInfo.map(([off, file, line, lineNo, col]) => [off, file, line, (lineNo << 10) | col]).flat()];
	const bytes = new Uint8Array(32 + (funcWords.length + lineWords.length) * 4);
	const view = new DataView(bytes.buffer);
	view.setUint16(0, 0xeb9f, true);
	bytes[2] = 1;
	view.setUint32(4, 32, true);
	view.setUint32(8, 0, true);
	view.setUint32(12, funcWords.length * 4, true);
	view.setUint32(16, funcWords.length * 4, true);
	view.setUint32(20, lineWords.length * 4, true);
	[...funcWords, ...lineWords].forEach((word, i) => view.setUint32(32 + i * 4, word, true));
	return bytes;
}
