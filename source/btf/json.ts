// BtfType through JSON (a recording keeps a map's types with its bytes): enum values are bigints,
// written as numbers or decimal text, and read back as bigints. Reading checks the shape as it goes:
// a recording is a file, and a type it cannot vouch for is left out (the values show as bytes).
import type {BtfMember, BtfType} from './types.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 32 ? value : undefined);

/** For JSON.stringify: bigints as numbers while exact, else as text. */
export function btfToJson(type: BtfType): unknown {
	return JSON.parse(JSON.stringify(type, (_key, value: unknown) => (typeof value === 'bigint' ? (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : String(value)) : value)));
}

export function btfFromJson(json: unknown, depth = 0): BtfType | undefined {
	if (!isObject(json) || depth > 64) return undefined;
	const size = count(json['size']);
	switch (json['kind']) {
		case 'int':
			if (size === undefined) return undefined;
			return {
				kind: 'int',
				name: text(json['name']),
				size,
				signed: json['signed'] === true,
				...(json['char'] === true ? {char: true} : {}),
				...(json['bool'] === true ? {bool: true} : {}),
				...(json['charEncoding'] === true ? {charEncoding: true} : {}),
				...(count(json['bits']) === undefined ? {} : {bits: count(json['bits'])}),
				...(count(json['bitOffset']) === undefined ? {} : {bitOffset: count(json['bitOffset'])}),
			};
		case 'float':
			return size === undefined ? undefined : {kind: 'float', name: text(json['name']), size};
		case 'ptr':
			return {kind: 'ptr', size: 8};
		case 'array': {
			const elem = btfFromJson(json['elem'], depth + 1);
			const length = count(json['length']);
			return elem && length !== undefined ? {kind: 'array', elem, length, ...(typeof json['string'] === 'boolean' ? {string: json['string']} : {})} : undefined;
		}

		case 'struct':
		case 'union': {
			if (size === undefined || !Array.isArray(json['members'])) return undefined;
			const members: BtfMember[] = [];
			for (const member of json['members'] as unknown[]) {
				if (!isObject(member)) return undefined;
				const type = btfFromJson(member['type'], depth + 1);
				const bitOffset = count(member['bitOffset']);
				if (!type || bitOffset === undefined) return undefined;
				const bitSize = count(member['bitSize']);
				members.push({name: text(member['name']), type, bitOffset, ...(bitSize ? {bitSize} : {})});
			}

			return {kind: json['kind'], name: text(json['name']), size, members};
		}

		case 'enum': {
			if (size === undefined || !Array.isArray(json['values'])) return undefined;
			const values = (json['values'] as unknown[]).flatMap(item => {
				if (!isObject(item) || (typeof item['value'] !== 'number' && typeof item['value'] !== 'string')) return [];
				try {
					return [{name: text(item['name']), value: BigInt(item['value'])}];
				} catch {
					return [];
				}
			});
			return {kind: 'enum', name: text(json['name']), size, signed: json['signed'] === true, values};
		}

		case 'datasec': {
			if (size === undefined || !Array.isArray(json['vars'])) return undefined;
			const vars = [];
			for (const item of json['vars'] as unknown[]) {
				const type = isObject(item) ? btfFromJson(item['type'], depth + 1) : undefined;
				const offset = isObject(item) ? count(item['offset']) : undefined;
				if (!isObject(item) || !type || offset === undefined) return undefined;
				vars.push({name: text(item['name']), type, offset, size: count(item['size']) ?? 0});
			}

			return {kind: 'datasec', name: text(json['name']), size, vars};
		}

		case 'unsupported':
			return {kind: 'unsupported', name: text(json['name']), size: size ?? 0};
		default:
			return undefined;
	}
}
