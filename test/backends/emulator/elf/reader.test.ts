// The ELF reader on damaged and foreign input: every failure is a one-line LoadError naming the
// file and the problem, never a RangeError from a DataView.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {LoadError} from '../../../../source/backends/emulator/elf/load-error.js';
import {readElf} from '../../../../source/backends/emulator/elf/reader.js';
import {parseObject} from '../../../../source/backends/emulator/load-object.js';
import {clangMissing, compileBpf, tempDir} from './toolchain.js';

/** A 64-byte ELF header: 64-bit, little endian, relocatable, EM_BPF, no sections, unless overridden. */
function header(patch: (view: DataView, bytes: Uint8Array) => void = () => {}): Uint8Array {
	const bytes = new Uint8Array(64);
	bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
	const view = new DataView(bytes.buffer);
	view.setUint16(16, 1, true); // ET_REL
	view.setUint16(18, 247, true); // EM_BPF
	view.setUint16(58, 64, true); // e_shentsize
	patch(view, bytes);
	return bytes;
}

function rejects(bytes: Uint8Array, message: string | RegExp, file = 'x.o'): void {
	assert.throws(() => parseObject(file, bytes), (error: unknown) => {
		assert.ok(error instanceof LoadError, `expected a LoadError, got ${String(error)}`);
		assert.doesNotMatch(error.message, /\n/);
		if (typeof message === 'string') assert.equal(error.message, message);
		else assert.match(error.message, message);
		return true;
	});
}

test('not an ELF file', () => {
	rejects(new TextEncoder().encode('#include <linux/bpf.h>\n'), 'hello.o: not an ELF file', 'hello.o');
	rejects(new Uint8Array(0), 'x.o: not an ELF file');
	rejects(new Uint8Array([0x7f, 0x45]), 'x.o: not an ELF file');
});

test('wrong class or byte order', () => {
	rejects(header((_, bytes) => (bytes[4] = 1)), 'x.o: 32-bit ELF object; BPF objects are 64-bit');
	rejects(header((_, bytes) => (bytes[5] = 2)), /^x\.o: big-endian ELF object/);
	rejects(header((_, bytes) => (bytes[4] = 9)), 'x.o: unknown ELF class 9');
});

test('truncated header', () => {
	rejects(header().subarray(0, 10), 'x.o: truncated ELF header (10 bytes, need 64)');
	rejects(header().subarray(0, 40), 'x.o: truncated ELF header (40 bytes, need 64)');
});

test('machine other than BPF, and not a relocatable object', () => {
	rejects(header(view => view.setUint16(18, 62, true)), 'x.o: built for x86-64 (machine 62), not BPF');
	rejects(header(view => view.setUint16(18, 9999, true)), 'x.o: built for machine 9999, not BPF (247)');
	rejects(header(view => view.setUint16(16, 2, true)), /^x\.o: not a relocatable object \(ELF type 2\)/);
});

test('section headers missing or out of the file', () => {
	rejects(header(), 'x.o: no section headers');
	rejects(header(view => {
		view.setBigUint64(40, 64n, true);
		view.setUint16(60, 3, true);
	}), 'x.o: truncated: section headers end at byte 256, file has 64');
});

test('an x86-64 object built with cc', t => {
	const dir = tempDir();
	try {
		const source = join(dir.path, 'tiny.c');
		writeFileSync(source, 'int answer(void) { return 42; }\n');
		try {
			execFileSync('cc', ['-c', source, '-o', join(dir.path, 'tiny.o')], {stdio: 'ignore'});
		} catch {
			return t.skip('no cc: cannot build a host object');
		}
		const bytes = readFileSync(join(dir.path, 'tiny.o'));
		rejects(bytes, process.arch === 'x64' ? 'tiny.o: built for x86-64 (machine 62), not BPF' : /^tiny\.o: built for .*not BPF/, 'tiny.o');
	} finally {
		dir.remove();
	}
});

test('a real BPF object cut short at several points', t => {
	const missing = clangMissing();
	if (missing) return t.skip(missing);
	const dir = tempDir();
	try {
		const bytes = readFileSync(compileBpf('hello', dir.path));
		assert.doesNotThrow(() => parseObject('hello.bpf.o', bytes));
		const shoff = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(40, true));
		for (const length of [16, 63, 64, 200, Math.floor(shoff / 2), shoff, shoff + 100, bytes.length - 1]) {
			rejects(bytes.subarray(0, length), /^hello\.bpf\.o: (truncated|not an ELF)/, 'hello.bpf.o');
		}
		// The section headers are intact, but the data a section points at is gone.
		const damaged = new Uint8Array(bytes);
		damaged.fill(0, 0x40, shoff);
		damaged.set(bytes.subarray(0, 64));
		assert.throws(() => parseObject('hello.bpf.o', damaged), LoadError);
	} finally {
		dir.remove();
	}
});

test('reads sections, symbols and relocations of a BPF object', t => {
	const missing = clangMissing();
	if (missing) return t.skip(missing);
	const dir = tempDir();
	try {
		const elf = readElf('hello-func.bpf.o', readFileSync(compileBpf('hello-func', dir.path)));
		const prog = elf.sectionByName('raw_tp/sys_enter');
		assert.ok(prog);
		assert.equal(prog.size, 64);
		const rel = elf.sections.find(s => s.name === '.relraw_tp/sys_enter');
		assert.ok(rel);
		// Both refer to section symbols (STT_SECTION, no name of their own): name them by their section.
		const relocations = elf.relocations(rel).map(r => ({offset: r.offset, type: r.type, symbol: elf.sections[elf.symbols[r.symbol]!.section]?.name}));
		assert.deepEqual(relocations, [
			{offset: 0, type: 10, symbol: '.text'},
			{offset: 8, type: 1, symbol: '.rodata'},
		]);
		assert.ok(elf.symbols.some(s => s.name === 'get_opcode' && s.type === 2 && elf.sections[s.section]?.name === '.text'));
	} finally {
		dir.remove();
	}
});
