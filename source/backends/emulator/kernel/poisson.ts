// How many events arrive in an interval: Poisson-distributed around rate × time.
import type {Prng} from '../prng.js';

export function poisson(prng: Prng, mean: number): number {
	if (mean <= 0) return 0;
	if (mean < 30) {
		// Knuth: multiply uniforms until below e^-mean.
		const limit = Math.exp(-mean);
		let k = 0;
		let p = prng.float();
		while (p > limit) {
			k++;
			p *= prng.float();
		}

		return k;
	}

	// Normal approximation (Box–Muller) for large means.
	const u = Math.max(prng.float(), 1e-12);
	const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng.float());
	return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss));
}
