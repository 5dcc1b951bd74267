// One line for what went wrong (kept while the last good data stays on screen) or problems.
// Both can quote bpftool and the kernel (a map's name in an error), so both are sanitised.
import {Text} from 'ink';
import {memo} from 'react';
import {sanitize} from '../model/sanitize.js';
import {fit} from '../present/column.js';
import {useTheme} from '../ui/theme-context.js';

type Props = {
	readonly error?: string;
	readonly notice?: string;
	readonly width: number;
};

export const StatusLine = memo(function StatusLine({error, notice, width}: Props) {
	const theme = useTheme();
	if (error) {
		return (
			<Text color={theme.error || undefined} bold={!theme.color}>
				{fit(`! ${sanitize(error)}`, width)}
			</Text>
		);
	}

	return <Text color={theme.warning || undefined}>{fit(sanitize(notice ?? ''), width)}</Text>;
});
