// A history as a one-line chart (see model/sparkline.ts for the drawing).
import {Text} from 'ink';
import {sparkline} from '../model/sparkline.js';
import {useTheme} from '../ui/theme-context.js';

type Props = {
	readonly values: readonly number[];
	readonly width: number;
	/** Plain ASCII instead of block characters. */
	readonly ascii?: boolean;
};

export function Sparkline({values, width, ascii}: Props) {
	const theme = useTheme();
	return <Text color={theme.accent || undefined}>{sparkline(values, width, {ascii})}</Text>;
}
