// The Output class Ink's renderer got in a bundle (scripts/bundle.mjs resolves this name).
declare module 'bpftop:ink-output' {
	const Output: unknown;
	export default Output;
}
