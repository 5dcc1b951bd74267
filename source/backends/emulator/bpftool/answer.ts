// An in-process bpftool: answers `bpftool -j <command>` from the emulated kernel, in bpftool's JSON
// shapes and with its error messages. Keywords may be abbreviated as bpftool allows ("p sh").
import type {EmulatorKernel} from '../kernel.js';
import type {Json} from '../../../btf/format.js';
import {mapDumpJson, mapJson} from './map.js';
import {cgroupJson, linkJson, netJson} from './net.js';
import {perfJson} from './perf.js';
import {programJson} from './prog.js';
import {xlatedJson} from './xlated.js';

export const BPFTOOL_VERSION = {version: '7.1.0', libbpf_version: '1.1', features: {libbfd: false, libbpf_strict: true, skeletons: false}};

const ENOENT = 'No such file or directory';

/** bpftool matches a keyword by prefix, first in its table wins. */
function match(word: string | undefined, table: readonly string[]): string | undefined {
	if (word === undefined) return undefined;
	return table.find(name => name.startsWith(word));
}

function parseId(args: readonly string[]): number | {error: string} {
	if (args[0] !== 'id') return {error: args[0] === undefined ? 'expected no more arguments' : `expected 'id', got: '${args[0]}'?`};
	const text = args[1];
	if (text === undefined) return {error: 'expected ID'};
	const id = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(id)) return {error: `can't parse ${text} as ID`};
	return id;
}

export function answer(kernel: EmulatorKernel, command: readonly string[]): unknown {
	const [objectWord, verbWord, ...rest] = command;
	const object = match(objectWord, ['prog', 'map', 'link', 'cgroup', 'perf', 'net', 'feature', 'btf', 'gen', 'struct_ops', 'iter', 'help', 'version']);
	switch (object) {
		case 'version':
			return BPFTOOL_VERSION;
		case 'prog':
			return answerProg(kernel, match(verbWord ?? 'show', ['show', 'list', 'dump']), rest);
		case 'map':
			return answerMap(kernel, match(verbWord ?? 'show', ['show', 'list', 'dump']), rest);
		case 'link':
			return answerLink(kernel, match(verbWord ?? 'show', ['show', 'list']), rest);
		case 'net':
			if (match(verbWord ?? 'show', ['show', 'list']) === undefined) return {error: `unknown command '${verbWord}'`};
			return netJson(kernel);
		case 'cgroup': {
			const verb = match(verbWord ?? 'show', ['show', 'list', 'tree']);
			if (verb === 'tree') return cgroupJson(kernel);
			if (verb === undefined) return {error: `unknown command '${verbWord}'`};
			if (rest[0] === undefined) return {error: 'expected CGROUP'};
			return cgroupJson(kernel, rest[0]);
		}

		case 'perf':
			if (match(verbWord ?? 'show', ['show', 'list']) === undefined) return {error: `unknown command '${verbWord}'`};
			return perfJson(kernel);
		case 'btf':
			if (match(verbWord ?? 'show', ['show', 'list']) === undefined) return {error: `unknown command '${verbWord}'`};
			return btfJson(kernel);
		case undefined:
			return {error: `object '${objectWord ?? ''}' is unknown`};
		default:
			return {error: `'${object}' is not emulated`};
	}
}

function answerProg(kernel: EmulatorKernel, verb: string | undefined, args: readonly string[]): unknown {
	if (verb === 'show' || verb === 'list') {
		if (args.length === 0) return kernel.programsInOrder().map(programJson);
		const id = parseId(args);
		if (typeof id !== 'number') return id;
		const program = kernel.program(id);
		return program === undefined ? {error: `get by id (${id}): ${ENOENT}`} : programJson(program);
	}

	if (verb === 'dump') {
		const kind = match(args[0], ['xlated', 'jited']);
		if (kind === undefined) return {error: `expected 'xlated' or 'jited', got: '${args[0] ?? ''}'?`};
		const id = parseId(args.slice(1));
		if (typeof id !== 'number') return id;
		const program = kernel.program(id);
		if (program === undefined) return {error: `get by id (${id}): ${ENOENT}`};
		if (kind === 'jited') return {error: 'No libbfd support'};
		return xlatedJson(kernel, program);
	}

	return {error: `unknown command '${verb ?? ''}'`};
}

function answerMap(kernel: EmulatorKernel, verb: string | undefined, args: readonly string[]): unknown {
	if (verb === 'show' || verb === 'list') {
		if (args.length === 0) return kernel.mapsInOrder().map(mapJson);
		const id = parseId(args);
		if (typeof id !== 'number') return id;
		const entry = kernel.map(id);
		return entry === undefined ? {error: `get map by id (${id}): ${ENOENT}`} : mapJson(entry);
	}

	if (verb === 'dump') {
		const id = parseId(args);
		if (typeof id !== 'number') return id;
		const entry = kernel.map(id);
		return entry === undefined ? {error: `get map by id (${id}): ${ENOENT}`} : mapDumpJson(entry);
	}

	return {error: `unknown command '${verb ?? ''}'`};
}

function answerLink(kernel: EmulatorKernel, verb: string | undefined, args: readonly string[]): unknown {
	if (verb === undefined) return {error: 'unknown command'};
	if (args.length === 0) return kernel.links().sort((a, b) => a.id - b.id).map(linkJson);
	const id = parseId(args);
	if (typeof id !== 'number') return id;
	const link = kernel.link(id);
	return link === undefined ? {error: `failed to get link with ID ${id}: ${ENOENT}`} : linkJson(link);
}

function btfJson(kernel: EmulatorKernel): Json {
	const byId = new Map<number, {prog_ids: number[]; map_ids: number[]}>();
	const get = (id: number) => {
		let entry = byId.get(id);
		if (entry === undefined) byId.set(id, entry = {prog_ids: [], map_ids: []});
		return entry;
	};

	for (const p of kernel.programs()) if (p.btfId !== undefined) get(p.btfId).prog_ids.push(p.id);
	for (const m of kernel.maps()) if (m.btfId !== undefined) get(m.btfId).map_ids.push(m.map.id);
	const vmlinux: Json = {id: 1, size: 5_520_272, prog_ids: [], map_ids: [], kernel: true, name: 'vmlinux'};
	return [vmlinux, ...[...byId].sort(([a], [b]) => a - b).map(([id, e]) => ({id, size: 1024 + 96 * (e.prog_ids.length + e.map_ids.length), prog_ids: e.prog_ids, map_ids: e.map_ids}))];
}
