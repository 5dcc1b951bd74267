// Program tags as the kernel computes them (bpf_prog_calc_tag): a hash over the instructions as
// loaded — map references already marked with their pseudo src_reg — with the immediates of
// map-referencing ld_imm64 pairs blanked, first 8 bytes in hex. Kernels before 6.18 use SHA-1,
// 6.18 and later SHA-256 (measured: the book's `hello` is d35b94b4c0c10efb / 490c48c1179970a8).
import {createHash} from 'node:crypto';
import {LD_IMM64, PSEUDO} from './vm/isa.js';

export type TagAlgorithm = 'sha1' | 'sha256';

/** '6.8' → [6, 8]; unparsable parts count as 0. */
export function parseKernelVersion(version: string): [number, number] {
	const [major = 0, minor = 0] = version.split(/[.-]/).map(part => Number.parseInt(part, 10) || 0);
	return [major, minor];
}

export function tagAlgorithm(kernelVersion: string): TagAlgorithm {
	const [major, minor] = parseKernelVersion(kernelVersion);
	return major > 6 || (major === 6 && minor >= 18) ? 'sha256' : 'sha1';
}

/** The instructions with map immediates blanked, exactly as the kernel hashes them. */
export function tagInput(insns: Uint8Array): Uint8Array {
	const out = Uint8Array.from(insns);
	const view = new DataView(out.buffer);
	let wasLdMap = false;
	for (let at = 0; at + 8 <= out.length; at += 8) {
		const code = out[at]!;
		const regs = out[at + 1]!;
		const src = regs >> 4;
		const dst = regs & 0x0f;
		const off = view.getInt16(at + 2, true);
		if (!wasLdMap && code === LD_IMM64 && (src === PSEUDO.MAP_FD || src === PSEUDO.MAP_VALUE)) {
			wasLdMap = true;
			view.setInt32(at + 4, 0, true);
		} else if (wasLdMap && code === 0 && dst === 0 && src === 0 && off === 0) {
			wasLdMap = false;
			view.setInt32(at + 4, 0, true);
		} else {
			wasLdMap = false;
		}
	}

	return out;
}

export function programTag(insns: Uint8Array, algorithm: TagAlgorithm): string {
	return tagOfInput(tagInput(insns), algorithm);
}

/** The tag of instructions already passed through tagInput(). */
export function tagOfInput(input: Uint8Array, algorithm: TagAlgorithm): string {
	return createHash(algorithm).update(input).digest('hex').slice(0, 16);
}
