// Lines of text in one Text node, drawn again only when the text or its style changes: a table's
// rows mostly stay as they were between two refreshes, and then React and Ink skip them.
import {Text} from 'ink';
import {memo} from 'react';

type Props = {
	readonly text: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
	readonly color?: string;
};

export const TextLines = memo(function TextLines({text, bold, dimColor, inverse, color}: Props) {
	return (
		<Text bold={bold} dimColor={dimColor} inverse={inverse} color={color}>
			{text}
		</Text>
	);
});
