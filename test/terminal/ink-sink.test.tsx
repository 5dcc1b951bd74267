import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {Box, Text, render} from 'ink';
import {createFrameWriter} from '../../source/terminal/frame-writer.js';
import {InkSink} from '../../source/terminal/ink-sink.js';
import {VirtualScreen} from '../helpers/screen.js';

class FakeTerminal extends EventEmitter {
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
}

const tick = async () => new Promise(resolve => setTimeout(resolve, 150));

function Counter({count}: {readonly count: number}) {
	return (
		<Box flexDirection="column">
			<Text bold>header</Text>
			<Text>count {count}</Text>
		</Box>
	);
}

test('Ink in debug mode draws through the sink: the screen shows the frame, updates write only the change', async () => {
	const terminal = new FakeTerminal(30, 6);
	const screen = new VirtualScreen(30, 6);
	const writes: string[] = [];
	const writer = createFrameWriter({write: data => writes.push(data), columns: 30, rows: 6, depth: 'full', ascii: false, mode: 'diff'});
	const sink = new InkSink(terminal, writer);
	const instance = render(<Counter count={1} />, {stdout: sink.asStdout(), debug: true, patchConsole: false, exitOnCtrlC: false});
	try {
		await tick();
		await screen.write(writes.join(''));
		assert.deepEqual(screen.lines().slice(0, 3), ['header', 'count 1', '']);
		const before = writes.length;
		instance.rerender(<Counter count={2} />);
		await tick();
		const update = writes.slice(before).join('');
		await screen.write(update);
		assert.deepEqual(screen.lines().slice(0, 2), ['header', 'count 2']);
		assert.ok(update.length < 20, `an update of one digit wrote ${JSON.stringify(update)}`);

		// A resize reaches Ink (as the sink's size) and repaints the screen at the new size.
		terminal.columns = 20;
		terminal.rows = 4;
		terminal.emit('resize');
		screen.resize(20, 4);
		await tick();
		assert.equal(sink.columns, 20);
		await screen.write(writes.slice(before).join('').slice(update.length));
		assert.deepEqual(screen.lines(), ['header', 'count 2', '', '']);
	} finally {
		instance.unmount();
		sink.close();
		screen.dispose();
	}
});
