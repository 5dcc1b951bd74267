// The stdout Ink renders into, through Ink's public API: render(…, {stdout: sink, debug: true}).
// In debug mode Ink writes each update whole, as separate output (its documented meaning), so
// every write that holds text is a frame; the sink hands the newest to the frame writer, which
// draws only what changed on the real terminal. Ink's own redraw (the whole frame every time, and
// a line too low with incrementalRendering in 6.8) never reaches the terminal.
import {Writable} from 'node:stream';
import type {FrameWriter} from './frame-writer.js';

// Escape sequences: CSI, OSC, and the two-byte ones.
const escapes = /\u001B(?:\[[\d;:?<=>]*[ -\/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;

/**
 * Whether a write is a frame. Not frames: '' (Ink's barrier before waitUntilExit resolves) and
 * writes of escape sequences alone (the cursor shown on unmount, a keyboard protocol query, a
 * synchronized-update mark): the screen module and the frame writer own the terminal's modes.
 */
export function isFrame(text: string): boolean {
	// A frame of more than one line is known by its first newline, without reading the rest.
	return text.includes('\n') || text.replace(escapes, '') !== '';
}

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
		if (isFrame(frame) && !this.stopped) {
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
