// A headless terminal emulator (xterm.js) that replays the bytes a program wrote, so tests can
// compare the screen a user would see, not the escape sequences.
import xterm from '@xterm/headless';

export type Cell = {readonly char: string; readonly bold: boolean; readonly inverse: boolean; readonly colored: boolean};

export class VirtualScreen {
	private readonly terminal: xterm.Terminal;

	constructor(columns: number, rows: number) {
		this.terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true, scrollback: 0});
	}

	async write(data: string): Promise<void> {
		await new Promise<void>(resolve => {
			this.terminal.write(data, resolve);
		});
	}

	resize(columns: number, rows: number): void {
		this.terminal.resize(columns, rows);
	}

	/** The visible lines, trailing spaces removed. */
	lines(): string[] {
		const buffer = this.terminal.buffer.active;
		return Array.from({length: this.terminal.rows}, (_, row) => buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
	}

	cell(column: number, row: number): Cell {
		const buffer = this.terminal.buffer.active;
		const cell = buffer.getLine(buffer.viewportY + row)!.getCell(column)!;
		return {char: cell.getChars() || ' ', bold: cell.isBold() !== 0, inverse: cell.isInverse() !== 0, colored: !cell.isFgDefault() || !cell.isBgDefault()};
	}

	/** Which buffer is showing: the alternate screen or the normal one. */
	bufferType(): 'normal' | 'alternate' {
		return this.terminal.buffer.active.type;
	}

	cursorHidden(): boolean {
		// xterm.js keeps DECTCEM (?25) in its core service; the public API has no getter for it.
		return (this.terminal as unknown as {_core: {coreService: {isCursorHidden: boolean}}})._core.coreService.isCursorHidden;
	}

	dispose(): void {
		this.terminal.dispose();
	}
}
