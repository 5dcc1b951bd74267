// Shown instead of the monitor when the terminal cannot hold it: one honest line, not garbage.
import {Text} from 'ink';

type Props = {
	readonly columns: number;
	readonly rows: number;
	readonly minColumns: number;
	readonly minRows: number;
};

export function TooSmall({columns, rows, minColumns, minRows}: Props) {
	return (
		<Text>
			terminal too small ({columns}×{rows}, need {minColumns}×{minRows})
		</Text>
	);
}
