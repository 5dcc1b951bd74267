// A lean check for the two answers parsed on every refresh (prog show, map show: one object per
// program and map, hundreds to thousands of them). zod's safeParse was most of a refresh's parsing
// cost, and it copies every object. This checks an answer in place, in one pass over each object's
// keys, and says whether zod's output would be equal to the input itself: the same keys in the same
// order (the shape's, then unknown ones), values of the right types, nothing for a default to fill
// in. If so the caller takes the input as the result, with nothing allocated; if not (a wrong
// type, a missing key, keys out of order, an exotic object) the caller asks zod, so errors and
// edge cases stay zod's. What zod would copy (arrays, pids objects) is shared instead.

/** count: a safe integer ≥ 0 (z.number().int().nonnegative()); number: finite; text: a string defaulting to ''. */
export type FieldKind = 'count' | 'number' | 'string' | 'boolean' | 'text' | 'numberOrBoolean' | 'stringOrNumber' | 'counts' | 'strings' | 'pids';

export type Field = {readonly kind: FieldKind; readonly required?: boolean};

/** A z.looseObject's shape, key by key, in the schema's order (at most 31 keys). */
export type Shape = Readonly<Record<string, Field>>;

type Compiled = {
	/** Key → position in the shape (a prototype-less object: no inherited names). */
	readonly index: Readonly<Record<string, number | undefined>>;
	readonly kinds: readonly FieldKind[];
	/** Bits of the keys that must be present: required ones, and defaulted ones (else zod fills them in). */
	readonly mustHave: number;
};

const compiled = new WeakMap<Shape, Compiled>();

function compile(shape: Shape): Compiled {
	let known = compiled.get(shape);
	if (known === undefined) {
		const keys = Object.keys(shape);
		if (keys.length > 31) throw new RangeError('a fast shape has at most 31 keys');
		const index = Object.create(null) as Record<string, number>;
		let mustHave = 0;
		keys.forEach((key, i) => {
			index[key] = i;
			const field = shape[key]!;
			if (field.required === true || field.kind === 'text') mustHave |= 1 << i;
		});
		known = {index, kinds: keys.map(key => shape[key]!.kind), mustHave};
		compiled.set(shape, known);
	}

	return known;
}

/** zod's isObject, with a plain prototype: for…in then yields own keys only, as zod's output has. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

const PID_SHAPE: Shape = {pid: {kind: 'number', required: true}, comm: {kind: 'string', required: true}};

function valid(kind: FieldKind, value: unknown): boolean {
	switch (kind) {
		case 'count': return isCount(value);
		case 'number': return isNumber(value);
		case 'string':
		case 'text': return typeof value === 'string';
		case 'boolean': return typeof value === 'boolean';
		case 'numberOrBoolean': return isNumber(value) || typeof value === 'boolean';
		case 'stringOrNumber': return typeof value === 'string' || isNumber(value);
		case 'counts': return Array.isArray(value) && value.every(isCount);
		case 'strings': return Array.isArray(value) && value.every(isString);
		case 'pids': return Array.isArray(value) && value.every(isPid);
	}
}

// Made once, not a closure per value checked (a thousand programs' pids every refresh).
const isString = (element: unknown): boolean => typeof element === 'string';
const isPid = (element: unknown): boolean => isCanonical(PID_SHAPE, element);

/** Whether z.looseObject(shape) would give back an object equal to `input`, keys in the same order. */
export function isCanonical(shape: Shape, input: unknown): boolean {
	if (!isPlainRecord(input)) return false;
	const {index, kinds, mustHave} = compile(shape);
	let last = -1;
	let seen = 0;
	let unknownSeen = false;
	for (const key in input) {
		const at = index[key];
		if (at === undefined) {
			// zod drops an own __proto__ key.
			if (key === '__proto__') return false;
			unknownSeen = true;
			continue;
		}

		// zod writes the shape's keys first, in its order; an explicit undefined is left to zod.
		const value = input[key];
		if (unknownSeen || at < last || value === undefined || !valid(kinds[at]!, value)) return false;
		last = at;
		seen |= 1 << at;
	}

	return (seen & mustHave) === mustHave;
}

/**
 * The last list accepted, per shape. Answers are never changed after they are parsed, and the
 * listing cache answers a program that did not run with the same object as before, at the same
 * place: such an element was checked already. (Only the last list is kept: a WeakSet of every
 * element would grow until a full collection when elements are new every refresh.)
 */
const lastAccepted = new WeakMap<Shape, readonly unknown[]>();

/** The input itself when it is z.array(z.looseObject(shape))'s output already, else undefined. */
export function canonicalList<T>(shape: Shape, input: unknown): T[] | undefined {
	if (!Array.isArray(input)) return undefined;
	const last = lastAccepted.get(shape);
	for (let i = 0; i < input.length; i++) {
		if (last !== undefined && last[i] === input[i]) continue;
		if (!isCanonical(shape, input[i])) return undefined;
	}

	lastAccepted.set(shape, input);
	return input as T[];
}

/** The input itself when it is z.looseObject(shape)'s output already, else undefined. */
export function canonicalObject<T>(shape: Shape, input: unknown): T | undefined {
	return isCanonical(shape, input) ? input as T : undefined;
}
