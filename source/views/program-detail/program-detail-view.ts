// The program detail view as the App sees it: opened from a program (Enter or --prog), it asks for
// the program's dumps and attachments; its "rows" are lines, so the cursor keys scroll.
import type {ViewDefinition} from '../view.js';
import {detailLines, detailSections} from '../../present/program-detail/detail-lines.js';
import {ProgramDetailView} from './ProgramDetailView.js';
import {hostModel} from '../../model/hosts.js';

export const programDetailView: ViewDefinition = {
	name: 'program-detail',
	title: 'Program detail',
	// The JIT dump only while its section is shown (Debian's bpftool cannot make one).
	request: ui => ({progId: ui.progId, jited: ui.section % detailSections.length === 2, attachments: true, netns: ui.netns, ...(ui.host === undefined ? {} : {host: ui.host})}),
	rowKeys: (model, ui) => detailLines(hostModel(model, ui.host), ui.progId, ui.section % detailSections.length).map(line => line.key),
	sections: detailSections.length,
	// Enter on a map (Maps section) opens its values.
	open: (key, ui) => {
		const match = /^map:(\d+)$/.exec(key);
		return match && ui.section % detailSections.length === 3 ? {type: 'open', view: 'map-values', mapId: Number(match[1])} : undefined;
	},
	Component: ProgramDetailView,
};
