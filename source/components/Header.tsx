// The top line: what we are watching, how often, and whether run-time stats are on.
import {Text} from 'ink';
import {memo} from 'react';
import type {StatsState} from '../backends/backend.js';
import {sanitize} from '../model/sanitize.js';
import {fit} from '../present/column.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {useTheme} from '../ui/theme-context.js';
import type {TimelineState} from '../hooks/use-timeline.js';
import type {RecorderStatus} from '../recording/recorder.js';
import {formatLocalTime} from '../model/time.js';

type Props = {
	readonly backendLabel: string;
	readonly intervalMs: number;
	readonly programCount?: number;
	readonly mapCount?: number;
	/** While a filter is on: how many programs or maps it leaves (`3 of 14 programs`). */
	readonly matching?: {readonly programs?: number; readonly maps?: number};
	readonly stats: StatsState;
	readonly paused: boolean;
	/** A replay's position: recorded time, refresh n of m, speed, playing or paused. */
	readonly replay?: TimelineState;
	/** --record: how much is written, or that it stopped. */
	readonly recording?: RecorderStatus;
	readonly width: number;
};

// Memo: drawn again only when what it shows changed (most refreshes change only the table).
export const Header = memo(function Header({backendLabel, intervalMs, programCount, mapCount, matching, stats, paused, replay, recording, width}: Props) {
	const theme = useTheme();
	const glyphs = useGlyphs();
	const parts = [
		'bpftop-ts',
		// bpftool's version string and the emulator's reason come from outside.
		sanitize(backendLabel),
		replay ? replayText(replay) : `every ${(intervalMs / 1000).toFixed(intervalMs < 1000 ? 2 : 1)}s`,
		programCount === undefined ? `loading${glyphs.ellipsis}` : `${counted(programCount, matching?.programs, 'programs')}, ${counted(mapCount ?? 0, matching?.maps, 'maps')}`,
		stats.on ? `stats on (${stats.how})` : 'stats OFF',
		paused ? 'PAUSED' : '',
		recording ? (recording.stopped ? 'REC stopped' : `REC ${(recording.bytes / 1e6).toFixed(1)} MB`) : '',
	].filter(Boolean);
	return (
		<Text bold color={theme.accent || undefined}>
			{fit(parts.join(glyphs.separator), width)}
		</Text>
	);
});

function counted(total: number, matching: number | undefined, what: string): string {
	return matching === undefined ? `${total} ${what}` : `${matching} of ${total} ${what}`;
}

function replayText(replay: TimelineState): string {
	const speed = replay.speed === 1 ? '' : ` x${replay.speed}`;
	return `${formatLocalTime(replay.wallMs)} ${replay.position + 1}/${replay.length}${speed} ${replay.playing ? 'playing' : 'PAUSED'}`;
}
