// The stdout Ink renders into. Ink runs in debug mode, so each write is one whole frame with no
// cursor movement; the sink hands the newest frame to the frame writer, which draws only what
// changed on the real terminal. Ink's own redraw (the whole frame every time, and a line too low
// with incrementalRendering in 6.8) never reaches the terminal.
import {Writable} from 'node:stream';
import type {FrameWriter} from './frame-writer.js';

type Terminal = NodeJS.EventEmitter & {readonly columns?: number; readonly rows?: number};

export class InkSink extends Writable {
	readonly isTTY = true;
	columns: number;
	rows: number;
	private pending: string | undefined;
	private last: string | undefined;
	private scheduled = false;
	private stopped = false;

	constructor(
		private readonly terminal: Terminal,
		private readonly writer: FrameWriter,
	) {
		super({decodeStrings: false});
		this.columns = terminal.columns || 80;
		this.rows = terminal.rows || 24;
		terminal.on('resize', this.onResize);
	}

	/** As a WriteStream, for Ink's render({stdout}). */
	asStdout(): NodeJS.WriteStream {
		return this as unknown as NodeJS.WriteStream;
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const frame = String(chunk);
		// Not frames: '' is Ink's barrier before waitUntilExit resolves; on unmount Ink shows the cursor
		// (the screen module does that when it gives the terminal back).
		if (frame !== '' && !/^\u001B\[\?25[hl]$/.test(frame) && !this.stopped) {
			this.pending = frame;
			// Frames rendered in the same turn (a key and a refresh) are drawn once, the last one.
			if (!this.scheduled) {
				this.scheduled = true;
				setImmediate(() => this.flush());
			}
		}

		callback();
	}

	/** Draws the newest frame now. */
	flush(): void {
		this.scheduled = false;
		if (this.stopped || this.pending === undefined) return;
		const frame = this.pending;
		this.pending = undefined;
		this.last = frame;
		this.writer.draw(frame);
	}

	/** Stops drawing: whatever Ink writes after this (its last frame on unmount) is dropped. */
	close(): void {
		this.stopped = true;
		this.pending = undefined;
		this.terminal.off('resize', this.onResize);
	}

	private readonly onResize = () => {
		this.columns = this.terminal.columns || this.columns;
		this.rows = this.terminal.rows || this.rows;
		this.writer.resize(this.columns, this.rows);
		// Until Ink answers with a frame for the new size, repaint the last one (the terminal may have
		// scrambled it).
		if (this.pending === undefined && this.last !== undefined) this.pending = this.last;
		if (!this.scheduled) {
			this.scheduled = true;
			setImmediate(() => this.flush());
		}

		this.emit('resize');
	};
}
