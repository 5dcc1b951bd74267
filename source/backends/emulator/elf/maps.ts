// The maps an object declares, in the order libbpf (the one bundled with this machine's bpftool)
// creates them: legacy `maps` definitions, BTF-defined `.maps`, then one per global-data section.

import type {RawBtf} from '../btf/parse.js';
import {dataMap, dataSectionKind} from './global-data.js';
import {LoadError} from './load-error.js';
import {btfMaps, legacyMaps} from './map-definitions.js';
import type {MapSite} from './map-types.js';
import type {ElfFile} from './reader.js';

export type {MapSite} from './map-types.js';

/** All maps of the object, in the order libbpf creates them. */
export function collectMaps(elf: ElfFile, btf: RawBtf | undefined, object: string): MapSite[] {
	const sites: MapSite[] = [];
	const legacy = elf.sectionByName('maps');
	if (legacy && legacy.size > 0) sites.push(...legacyMaps(elf, legacy));
	const maps = elf.sectionByName('.maps');
	if (maps && maps.size > 0) sites.push(...btfMaps(elf, maps, btf));
	for (const section of elf.sections) {
		const kind = dataSectionKind(section);
		if (kind && section.size > 0) sites.push(dataMap(elf, section, kind, object, btf));
	}
	const seen = new Set<string>();
	for (const {spec} of sites) {
		if (seen.has(spec.name)) throw new LoadError(elf.file, `two maps are named '${spec.name}' (names are cut to 15 characters)`);
		seen.add(spec.name);
	}
	return sites;
}
