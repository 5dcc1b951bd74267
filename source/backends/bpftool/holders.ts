// Who holds each program, map and link: the processes with a file descriptor on it, found in
// /proc/<pid>/fdinfo/<fd> (`prog_id`, `map_id`, `link_id`; a link's fdinfo also names its program),
// as Netflix's bpftop does. Debian's bpftool is built without skeletons and never prints `pids`;
// this fills them in the same shape, so everything after the backend reads them as bpftool's own.
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {join} from 'node:path';

export type Holder = {readonly pid: number; readonly comm: string};

export type HolderScan = {
	readonly programs: ReadonlyMap<number, readonly Holder[]>;
	readonly maps: ReadonlyMap<number, readonly Holder[]>;
	readonly links: ReadonlyMap<number, readonly Holder[]>;
	/** Every process seen, by pid (perf show names pids without their command). */
	readonly comms: ReadonlyMap<number, string>;
	/** Processes and descriptors looked at, for the bench. */
	readonly processes: number;
	readonly descriptors: number;
};

/** The ids a bpf file descriptor's fdinfo names. */
export type BpfFdinfo = {readonly progId?: number; readonly mapId?: number; readonly linkId?: number};

/** `prog_id:\t12` … → ids. A link's fdinfo names both the link and its program. */
export function parseBpfFdinfo(text: string): BpfFdinfo {
	const ids: {progId?: number; mapId?: number; linkId?: number} = {};
	for (const line of text.split('\n')) {
		const match = /^(prog_id|map_id|link_id):\s*(\d+)/.exec(line);
		if (!match) continue;
		const id = Number(match[2]);
		if (match[1] === 'prog_id') ids.progId = id;
		else if (match[1] === 'map_id') ids.mapId = id;
		else ids.linkId = id;
	}

	return ids;
}

/** What a descriptor's link names: only BPF objects are worth reading fdinfo for. */
const bpfTargets = new Set(['anon_inode:bpf-prog', 'anon_inode:bpf-map', 'anon_inode:bpf_link']);

export function scanHolders(options: {readonly procRoot?: string; readonly self?: number} = {}): HolderScan {
	const procRoot = options.procRoot ?? '/proc';
	const self = options.self ?? process.pid;
	const programs = new Map<number, Holder[]>();
	const maps = new Map<number, Holder[]>();
	const links = new Map<number, Holder[]>();
	const comms = new Map<number, string>();
	let processes = 0;
	let descriptors = 0;

	const add = (table: Map<number, Holder[]>, id: number, holder: Holder) => {
		const list = table.get(id);
		if (!list) table.set(id, [holder]);
		else if (!list.some(entry => entry.pid === holder.pid)) list.push(holder);
	};

	for (const name of list(procRoot)) {
		if (!/^\d+$/.test(name)) continue;
		const pid = Number(name);
		// Our own descriptors are the monitor looking (bpf(2) reads), not holding.
		if (pid === self) continue;
		processes++;
		const fdDir = join(procRoot, name, 'fd');
		let holder: Holder | undefined;
		for (const fd of list(fdDir)) {
			descriptors++;
			if (!bpfTargets.has(readlink(join(fdDir, fd)))) continue;
			// A process that exits meanwhile, or one we may not look into, is simply not listed.
			const ids = parseBpfFdinfo(read(join(procRoot, name, 'fdinfo', fd)));
			holder ??= {pid, comm: read(join(procRoot, name, 'comm')).replace(/\n$/, '')};
			comms.set(pid, holder.comm);
			if (ids.linkId !== undefined) {
				add(links, ids.linkId, holder);
				// A program attached through a link is held by whoever holds the link.
				if (ids.progId !== undefined) add(programs, ids.progId, holder);
			} else if (ids.progId !== undefined) {
				add(programs, ids.progId, holder);
			} else if (ids.mapId !== undefined) {
				add(maps, ids.mapId, holder);
			}
		}
	}

	return {programs, maps, links, comms, processes, descriptors};
}

/** The command name of a process, '' when it is gone. */
export function commOf(pid: number, procRoot = '/proc'): string {
	return read(join(procRoot, String(pid), 'comm')).replace(/\n$/, '');
}

function list(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

function readlink(path: string): string {
	try {
		return readlinkSync(path);
	} catch {
		return '';
	}
}

function read(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}
