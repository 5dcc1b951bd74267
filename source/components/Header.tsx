// The top line: what we are watching, how often, and whether run-time stats are on.
import {Text} from 'ink';
import type {StatsState} from '../backends/backend.js';
import {sanitize} from '../model/sanitize.js';
import {fit} from '../present/column.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {useTheme} from '../ui/theme-context.js';

type Props = {
	readonly backendLabel: string;
	readonly intervalMs: number;
	readonly programCount?: number;
	readonly mapCount?: number;
	readonly stats: StatsState;
	readonly paused: boolean;
	readonly width: number;
};

export function Header({backendLabel, intervalMs, programCount, mapCount, stats, paused, width}: Props) {
	const theme = useTheme();
	const glyphs = useGlyphs();
	const parts = [
		'bpftop-ts',
		// bpftool's version string and the emulator's reason come from outside.
		sanitize(backendLabel),
		`every ${(intervalMs / 1000).toFixed(intervalMs < 1000 ? 2 : 1)}s`,
		programCount === undefined ? `loading${glyphs.ellipsis}` : `${programCount} programs, ${mapCount ?? 0} maps`,
		stats.on ? `stats on (${stats.how})` : 'stats OFF',
		paused ? 'PAUSED' : '',
	].filter(Boolean);
	return (
		<Text bold color={theme.accent || undefined}>
			{fit(parts.join(glyphs.separator), width)}
		</Text>
	);
}
