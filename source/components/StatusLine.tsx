// One line for what went wrong (kept while the last good data stays on screen) or problems.
import {Text} from 'ink';
import {fit} from './column.js';
import {useTheme} from '../ui/theme-context.js';

type Props = {
	readonly error?: string;
	readonly notice?: string;
	readonly width: number;
};

export function StatusLine({error, notice, width}: Props) {
	const theme = useTheme();
	if (error) {
		return (
			<Text color={theme.error || undefined} bold={!theme.color}>
				{fit(`! ${error}`, width)}
			</Text>
		);
	}

	return <Text color={theme.warning || undefined}>{fit(notice ?? '', width)}</Text>;
}
