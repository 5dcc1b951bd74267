// One program in detail: Tab moves through summary, translated instructions, machine code and maps;
// the cursor (↑↓, PgUp/PgDn) scrolls long dumps.
import {Box, Text} from 'ink';
import {fit} from '../../present/column.js';
import {sanitize} from '../../model/sanitize.js';
import {hostModel} from '../../model/hosts.js';
import type {ViewProps} from '../view.js';
import {DetailLineText} from './DetailLineText.js';
import {detailLines, detailSections, findProgram} from '../../present/program-detail/detail-lines.js';

export function ProgramDetailView({model: merged, ui, selectedKey, width, height}: ViewProps) {
	// With several hosts, the chosen host's own model: ids repeat across hosts.
	const model = hostModel(merged, ui.host);
	const section = ui.section % detailSections.length;
	const lines = detailLines(model, ui.progId, section);
	const program = findProgram(model, ui.progId)?.program;
	const on = ui.host === undefined ? '' : ` on ${sanitize(ui.host)}`;
	const title = program ? `Program ${program.id} ${sanitize(program.name)} (${sanitize(program.type)})${on}` : `Program ${ui.progId ?? '?'}${on}`;
	const tabs = detailSections.map((name, index) => (index === section ? `[${name}]` : ` ${name} `)).join(' ');

	const visible = Math.max(1, height - 2);
	const selectedIndex = Math.max(0, lines.findIndex(line => line.key === selectedKey));
	// Scroll only as far as needed to keep the cursor on screen.
	const offset = Math.min(Math.max(0, selectedIndex - visible + 1), Math.max(0, lines.length - visible));
	const shown = lines.slice(offset, offset + visible);
	const position = lines.length > visible ? `── lines ${offset + 1}-${offset + shown.length} of ${lines.length} ` : '';

	return (
		<Box flexDirection="column">
			<Text bold>{fit(`${title}  ${tabs}   Tab: next section`, width)}</Text>
			<Text dimColor>{(position + '─'.repeat(width)).slice(0, width)}</Text>
			{shown.map(line => (
				<DetailLineText key={line.key} segments={line.segments} width={width} selected={line.key === selectedKey && lines.length > 1} />
			))}
		</Box>
	);
}
