// The `?` help: every binding of the keymap. When they do not fit one under another, they flow
// into columns, so every key is listed even at 80×24.
import {Box, Text} from 'ink';
import type {Binding} from '../ui/keymap.js';
import {fit} from '../present/column.js';

type Props = {
	readonly bindings: readonly Binding[];
	/** The view under the help, and what its keys do there (the footer's hints). */
	readonly viewTitle: string;
	readonly here: string;
	readonly width: number;
	readonly height: number;
};

export function helpLines(bindings: readonly Binding[], width: number, height: number): string[] {
	const labelWidth = Math.max(...bindings.map(binding => [...binding.label].length)) + 2;
	const available = Math.max(1, height - 1);
	const columns = Math.ceil(bindings.length / available);
	const perColumn = Math.ceil(bindings.length / columns);
	const columnWidth = Math.floor(width / columns);
	const lines: string[] = [];
	for (let row = 0; row < perColumn; row++) {
		const cells = [];
		for (let column = 0; column < columns; column++) {
			const binding = bindings[column * perColumn + row];
			if (binding) cells.push(fit(fit(binding.label, labelWidth) + binding.help, columnWidth - (column < columns - 1 ? 1 : 0)));
		}

		lines.push(cells.join(' '));
	}

	return lines;
}

export function HelpOverlay({bindings, viewTitle, here, width, height}: Props) {
	return (
		<Box flexDirection="column">
			<Text bold>{fit('Keys (press ? or Esc to close)', width)}</Text>
			<Text>{fit(`${viewTitle}: ${here}`, width)}</Text>
			{helpLines(bindings, width, height - 1).map((line, index) => (
				<Text key={index}>{fit(line, width)}</Text>
			))}
		</Box>
	);
}
