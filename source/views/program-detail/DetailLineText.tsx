// One line of the detail view: coloured segments, cut to the width as a whole.
import {Text} from 'ink';
import {fit} from '../../present/column.js';
import type {Theme} from '../../ui/theme.js';
import {useTheme} from '../../ui/theme-context.js';
import type {Segment, Tone} from '../../present/program-detail/detail-lines.js';

type Props = {
	readonly segments: readonly Segment[];
	readonly width: number;
	readonly selected: boolean;
};

function style(tone: Tone, theme: Theme): {color?: string; bold?: boolean; dimColor?: boolean} {
	switch (tone) {
		case 'label':
		case 'heading':
			return {bold: true, color: theme.header || undefined};
		case 'function':
			return {bold: true, color: theme.accent || undefined};
		case 'source':
			return {color: theme.warning || undefined};
		case 'note':
			return {dimColor: true};
		case 'error':
			return {color: theme.error || undefined, bold: !theme.color};
		default:
			return {};
	}
}

export function DetailLineText({segments, width, selected}: Props) {
	const theme = useTheme();
	let room = width;
	const parts = segments.flatMap((segment, index) => {
		if (room <= 0) return [];
		const length = [...segment.text].length;
		const text = length > room ? fit(segment.text, room) : segment.text;
		room -= Math.min(length, room);
		return [
			<Text key={index} {...style(segment.tone, theme)}>
				{text}
			</Text>,
		];
	});
	return (
		<Text inverse={selected} wrap="truncate">
			{parts}
			{room > 0 ? ' '.repeat(room) : ''}
		</Text>
	);
}
