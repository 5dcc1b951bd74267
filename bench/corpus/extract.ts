// The corpus: BPF objects built by others. Debian's libbpf-tools ships ~50 CO-RE tools whose
// binaries embed their BPF object (a libbpf skeleton keeps the ELF as a byte array); each is found
// by scanning for an ELF header whose machine is EM_BPF and cut at the end of its last section or
// section table. Nothing is written into the repository: objects go to a temporary directory.
import {execFileSync} from 'node:child_process';
import {lstatSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const EM_BPF = 247;
const SHT_NOBITS = 8;

/** Every embedded BPF ELF object in `bytes` (usually one per tool). */
export function embeddedObjects(bytes: Uint8Array): Uint8Array[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const found: Uint8Array[] = [];
	for (let at = indexOfElf(bytes, 0); at >= 0; at = indexOfElf(bytes, at + 1)) {
		if (at + 64 > bytes.length || bytes[at + 4] !== 2 || bytes[at + 5] !== 1 || view.getUint16(at + 18, true) !== EM_BPF) continue;
		const shoff = Number(view.getBigUint64(at + 40, true));
		const shentsize = view.getUint16(at + 58, true);
		const shnum = view.getUint16(at + 60, true);
		if (shentsize !== 64 || at + shoff + shnum * 64 > bytes.length) continue;
		let end = shoff + shnum * 64;
		for (let i = 0; i < shnum; i++) {
			const header = at + shoff + i * 64;
			if (view.getUint32(header + 4, true) === SHT_NOBITS) continue;
			end = Math.max(end, Number(view.getBigUint64(header + 24, true) + view.getBigUint64(header + 32, true)));
		}

		if (at + end <= bytes.length) found.push(bytes.slice(at, at + end));
	}

	return found;
}

function indexOfElf(bytes: Uint8Array, from: number): number {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return buffer.indexOf('\x7fELF', from, 'latin1');
}

/** The executables of Debian's libbpf-tools package (symlinks left out: they repeat a tool). */
export function libbpfToolsBinaries(): string[] {
	let listed: string[];
	try {
		listed = execFileSync('dpkg', ['-L', 'libbpf-tools'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).split('\n');
	} catch {
		return [];
	}

	return listed.filter(path => /\/s?bin\/[^/]+$/.test(path) && isPlainFile(path)).sort();
}

function isPlainFile(path: string): boolean {
	try {
		return lstatSync(path).isFile();
	} catch {
		return false;
	}
}

export type CorpusObject = {
	/** Tool or file name, e.g. 'runqlat'. */
	readonly name: string;
	/** Where it was written (`<dir>/<name>.bpf.o`): libbpf names global-data maps after it. */
	readonly path: string;
	/** 'libbpf-tools' or the directory it came from. */
	readonly origin: string;
};

/** Writes each libbpf-tools object into `dir` as <tool>.bpf.o. */
export function extractLibbpfTools(dir: string, only?: (name: string) => boolean): CorpusObject[] {
	const objects: CorpusObject[] = [];
	for (const binary of libbpfToolsBinaries()) {
		const name = binary.slice(binary.lastIndexOf('/') + 1);
		if (only && !only(name)) continue;
		embeddedObjects(readFileSync(binary)).forEach((object, index) => {
			const file = `${name}${index === 0 ? '' : `-${index}`}`;
			const path = join(dir, `${file}.bpf.o`);
			writeFileSync(path, object);
			objects.push({name: file, path, origin: 'libbpf-tools'});
		});
	}

	return objects;
}

/** Every *.bpf.o (or *.o) directly in `dir`. */
export function objectsIn(dir: string, origin = dir): CorpusObject[] {
	return readdirSync(dir).filter(file => file.endsWith('.o')).sort().map(file => ({name: file.replace(/(\.bpf)?\.o$/, ''), path: join(dir, file), origin}));
}
