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
	// The cursor moves over lines, headings aside: in the Maps section it starts on the first map.
	rowKeys: (model, ui) =>
		detailLines(hostModel(model, ui.host), ui.progId, ui.section % detailSections.length)
			.filter(line => !line.heading)
			.map(line => line.key),
	sections: detailSections.length,
	// Enter on a map (Maps section) opens its values.
	open: (key, ui) => {
		const match = /^map:(\d+)$/.exec(key);
		return match && ui.section % detailSections.length === 3 ? {type: 'open', view: 'map-values', mapId: Number(match[1])} : undefined;
	},
	hints: ({ui}) => [
		{action: 'next-section', text: 'section'},
		{action: 'back', text: 'back'},
		ui.section % detailSections.length === 3 ? {action: 'open', text: 'open map'} : {action: 'down', text: 'scroll'},
	],
	Component: ProgramDetailView,
};
