// Damaged objects: random byte changes in the parts the loader reads (headers, symbols,
// relocations, code, BTF) must give a spec or a one-line LoadError, never any other exception.

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {LoadError} from '../../../../source/backends/emulator/elf/load-error.js';
import {readElf, SHT_NOBITS} from '../../../../source/backends/emulator/elf/reader.js';
import {parseObject} from '../../../../source/backends/emulator/load-object.js';
import {clangMissing, compileBpf, tempDir} from './toolchain.js';

test('mutated objects fail only with LoadError', t => {
	const missing = clangMissing();
	if (missing) return t.skip(missing);
	const dir = tempDir();
	try {
		let seed = 0x5eed;
		const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		for (const source of ['hello-func', 'globals', 'struct-value', 'callbacks']) {
			const original = readFileSync(compileBpf(source, dir.path));
			const elf = readElf(source, original);
			const shoff = Number(new DataView(original.buffer, original.byteOffset).getBigUint64(40, true));
			// DWARF is never read, so damage there proves nothing: aim at what the loader uses.
			const ranges: Array<[number, number]> = elf.sections
				.filter(s => !s.name.includes('debug') && s.type !== SHT_NOBITS && s.size > 0)
				.map(s => [s.offset, s.size]);
			ranges.push([0, 64], [shoff, original.length - shoff]);
			for (let round = 0; round < 300; round++) {
				const bytes = new Uint8Array(original);
				for (let hits = 1 + Math.floor(random() * 3); hits > 0; hits--) {
					const [offset, size] = ranges[Math.floor(random() * ranges.length)]!;
					bytes[offset + Math.floor(random() * size)] = random() < 0.3 ? 0xff : random() < 0.5 ? 0 : Math.floor(random() * 256);
				}
				try {
					parseObject(`${source}.bpf.o`, bytes);
				} catch (error) {
					assert.ok(error instanceof LoadError, `${source} round ${round}: ${String(error)}`);
					assert.doesNotMatch(error.message, /\n/);
				}
			}
		}
	} finally {
		dir.remove();
	}
});
