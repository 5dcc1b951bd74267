// The first frame, drawn while the backend starts (bpftool probes can take a moment).
import {Text} from 'ink';
import {useGlyphs} from '../ui/glyph-context.js';

export function Starting() {
	const glyphs = useGlyphs();
	return (
		<Text bold>
			bpftop-ts{glyphs.separator}starting{glyphs.ellipsis}
		</Text>
	);
}
