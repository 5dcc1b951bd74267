// Which processes hold a map open, from /proc/<pid>/fdinfo (bpftool's `pids` need skeletons, which
// Debian's bpftool lacks). Asked only for bpftrace's maps (AT_name), once per map: the holder's
// command line carries the script, which says which maps are histograms. Reading every process's
// fds costs a few ms on a quiet machine, more on a busy one — hence only then.
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import type {MapHolder} from '../../snapshot/map-contents.js';

export function mapHolders(mapId: number, proc = '/proc'): MapHolder[] {
	const holders: MapHolder[] = [];
	for (const pid of safe(() => readdirSync(proc), [])) {
		if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
		for (const fd of safe(() => readdirSync(`${proc}/${pid}/fd`), [])) {
			if (safe(() => readlinkSync(`${proc}/${pid}/fd/${fd}`), '') !== 'anon_inode:bpf-map') continue;
			const fdinfo = safe(() => readFileSync(`${proc}/${pid}/fdinfo/${fd}`, 'latin1'), '');
			if (new RegExp(`^map_id:\\s*${mapId}$`, 'm').test(fdinfo)) {
				const comm = safe(() => readFileSync(`${proc}/${pid}/comm`, 'utf8').trim(), '');
				const args = safe(() => readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1), []);
				holders.push({pid: Number(pid), comm, args});
				break;
			}
		}
	}

	return holders;
}

/** A process or fd that vanished while we looked is simply not there. */
function safe<T>(read: () => T, fallback: T): T {
	try {
		return read();
	} catch {
		return fallback;
	}
}
