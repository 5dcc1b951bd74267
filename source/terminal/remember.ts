// Remembers a pure function of a string, up to a bound; past it the whole memory is dropped at once:
// cheaper than LRU bookkeeping, and a frame's strings come straight back on the next one.
export function remember<Value>(compute: (text: string) => Value, limit: number): (text: string) => Value {
	const known = new Map<string, Value>();
	return text => {
		let value = known.get(text);
		if (value === undefined) {
			value = compute(text);
			if (known.size >= limit) known.clear();
			known.set(text, value);
		}

		return value;
	};
}
