// The root of the interactive screen: theme and glyphs for this terminal, and the "too small"
// notice. The monitor stays mounted while the notice shows, so its state and polling carry on.
import {Box} from 'ink';
import type {ReactNode} from 'react';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {GlyphContext} from '../ui/glyph-context.js';
import {asciiGlyphs, unicodeGlyphs} from '../ui/glyphs.js';
import {colorTheme, plainTheme} from '../ui/theme.js';
import {ThemeContext} from '../ui/theme-context.js';
import {TooSmall} from './TooSmall.js';

/** Below this the table, header and footer cannot be laid out usefully. */
export const minimumSize = {columns: 40, rows: 10} as const;

type Props = {
	readonly color: boolean;
	readonly ascii: boolean;
	readonly children: ReactNode;
};

export function FullScreen({color, ascii, children}: Props) {
	const {columns, rows} = useTerminalSize();
	const small = columns < minimumSize.columns || rows < minimumSize.rows;
	return (
		<ThemeContext.Provider value={color ? colorTheme : plainTheme}>
			<GlyphContext.Provider value={ascii ? asciiGlyphs : unicodeGlyphs}>
				<Box display={small ? 'none' : 'flex'} flexDirection="column">
					{children}
				</Box>
				{small ? <TooSmall columns={columns} rows={rows} minColumns={minimumSize.columns} minRows={minimumSize.rows} /> : null}
			</GlyphContext.Provider>
		</ThemeContext.Provider>
	);
}
