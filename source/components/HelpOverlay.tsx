// The `?` help: every binding of the keymap, one per line.
import {Box, Text} from 'ink';
import type {Binding} from '../ui/keymap.js';
import {fit} from './column.js';

type Props = {
	readonly bindings: readonly Binding[];
	readonly width: number;
	readonly height: number;
};

export function HelpOverlay({bindings, width, height}: Props) {
	const labelWidth = Math.max(...bindings.map(binding => [...binding.label].length)) + 2;
	const lines = bindings.map(binding => fit(binding.label, labelWidth) + binding.help);
	return (
		<Box flexDirection="column">
			<Text bold>{fit('Keys (press ? or Esc to close)', width)}</Text>
			{lines.slice(0, Math.max(0, height - 1)).map(line => (
				<Text key={line}>{fit(line, width)}</Text>
			))}
		</Box>
	);
}
