// Renders an asciicast v2 recording as an animated SVG, with no network and no outside tools: the
// output is replayed through a headless xterm, each distinct screen becomes one frame, and a CSS
// animation steps through a strip of frames.
import xterm from '@xterm/headless';

export type CastHeader = {readonly version: 2; readonly width: number; readonly height: number; readonly title?: string};
export type CastEvent = readonly [time: number, kind: 'o' | 'i' | 'r', data: string];

type Run = {text: string; fg?: string; bg?: string; bold: boolean};
type Frame = {time: number; lines: Run[][]; key: string};

const cellWidth = 8.4;
const lineHeight = 17;
const fontSize = 14;
const padding = 10;
const background = '#1d1f21';
const foreground = '#d0d0d0';

// xterm's 16 colours (Tomorrow Night-like, readable on the dark background).
const palette16 = ['#1d1f21', '#cc6666', '#b5bd68', '#f0c674', '#81a2be', '#b294bb', '#8abeb7', '#c5c8c6', '#666666', '#d54e53', '#b9ca4a', '#e7c547', '#7aa6da', '#c397d8', '#70c0b1', '#eaeaea'];

function paletteColour(index: number): string {
	if (index < 16) return palette16[index]!;
	if (index >= 232) {
		const level = 8 + (index - 232) * 10;
		return `rgb(${level},${level},${level})`;
	}

	const cube = index - 16;
	const channel = (value: number) => (value === 0 ? 0 : 55 + value * 40);
	return `rgb(${channel(Math.floor(cube / 36))},${channel(Math.floor(cube / 6) % 6)},${channel(cube % 6)})`;
}

function colour(mode: 'fg' | 'bg', cell: xterm.IBufferCell): string | undefined {
	const isDefault = mode === 'fg' ? cell.isFgDefault() : cell.isBgDefault();
	if (isDefault) return undefined;
	const value = mode === 'fg' ? cell.getFgColor() : cell.getBgColor();
	const rgb = mode === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
	return rgb ? `#${value.toString(16).padStart(6, '0')}` : paletteColour(value);
}

function snapshot(terminal: xterm.Terminal, time: number): Frame {
	const buffer = terminal.buffer.active;
	const lines: Run[][] = [];
	for (let row = 0; row < terminal.rows; row++) {
		const line = buffer.getLine(buffer.viewportY + row);
		const runs: Run[] = [];
		for (let column = 0; column < terminal.cols; column++) {
			const cell = line?.getCell(column);
			if (!cell || cell.getWidth() === 0) continue;
			let fg = colour('fg', cell);
			let bg = colour('bg', cell);
			if (cell.isInverse()) [fg, bg] = [bg ?? background, fg ?? foreground];
			if (cell.isDim() && !fg) fg = '#8a8a8a';
			const bold = cell.isBold() !== 0;
			const char = cell.getChars() || ' ';
			const last = runs.at(-1);
			if (last && last.fg === fg && last.bg === bg && last.bold === bold) last.text += char;
			else runs.push({text: char, fg, bg, bold});
		}

		lines.push(runs);
	}

	return {time, lines, key: JSON.stringify(lines)};
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function frameSvg(frame: Frame, y0: number): string {
	const parts: string[] = [];
	frame.lines.forEach((runs, row) => {
		let column = 0;
		const y = y0 + row * lineHeight;
		const spans: string[] = [];
		for (const run of runs) {
			const width = [...run.text].length;
			if (run.bg) parts.push(`<rect x="${(column * cellWidth).toFixed(1)}" y="${y}" width="${(width * cellWidth).toFixed(1)}" height="${lineHeight}" fill="${run.bg}"/>`);
			if (run.text.trim() !== '') {
				const attributes = [`x="${(column * cellWidth).toFixed(1)}"`, run.fg ? `fill="${run.fg}"` : '', run.bold ? 'font-weight="bold"' : ''].filter(Boolean).join(' ');
				spans.push(`<tspan ${attributes}>${escapeXml(run.text.replace(/ +$/, ''))}</tspan>`);
			}

			column += width;
		}

		if (spans.length > 0) parts.push(`<text y="${y + lineHeight - 4}" xml:space="preserve">${spans.join('')}</text>`);
	});
	return parts.join('');
}

/** Replays the cast and returns the SVG text. Frames closer than `minFrameSeconds` are merged. */
export async function castToSvg(header: CastHeader, events: readonly CastEvent[], minFrameSeconds = 0.1): Promise<string> {
	const terminal = new xterm.Terminal({cols: header.width, rows: header.height, allowProposedApi: true, scrollback: 0});
	const frames: Frame[] = [];
	const write = async (data: string) =>
		new Promise<void>(resolve => {
			terminal.write(data, resolve);
		});
	const output = events.filter(event => event[1] === 'o');
	for (const [index, [time, , data]] of output.entries()) {
		await write(data);
		const next = output[index + 1];
		// Only the screen as it rests matters: skip states that the next write replaces at once.
		if (next && next[0] - time < minFrameSeconds) continue;
		const frame = snapshot(terminal, Math.round(time * 10) / 10);
		if (frames.at(-1)?.key !== frame.key) frames.push(frame);
	}

	terminal.dispose();
	if (frames.length === 0) throw new Error('the recording has no output');
	const end = (output.at(-1)?.[0] ?? 0) + 1;
	const duration = Math.max(end, frames.at(-1)!.time + 1);
	const width = Math.ceil(header.width * cellWidth);
	const height = header.height * lineHeight;
	const keyframes = frames
		.map((frame, index) => `${((frame.time / duration) * 100).toFixed(3)}%{transform:translateY(${-index * height}px)}`)
		.join('');
	const strip = frames.map((frame, index) => frameSvg(frame, index * height)).join('\n');
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width + 2 * padding}" height="${height + 2 * padding}" viewBox="0 0 ${width + 2 * padding} ${height + 2 * padding}">`,
		`<title>${escapeXml(header.title ?? 'terminal recording')}</title>`,
		`<style>#strip{animation:play ${duration.toFixed(1)}s steps(1,end) infinite}@keyframes play{${keyframes}100%{transform:translateY(${-(frames.length - 1) * height}px)}}text{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:${fontSize}px;fill:${foreground};white-space:pre}</style>`,
		`<rect width="100%" height="100%" rx="6" fill="${background}"/>`,
		`<svg x="${padding}" y="${padding}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><g id="strip">`,
		strip,
		'</g></svg></svg>',
		'',
	].join('\n');
}

export function parseCast(text: string): {header: CastHeader; events: CastEvent[]} {
	const [first, ...rest] = text.trim().split('\n');
	return {header: JSON.parse(first!) as CastHeader, events: rest.map(line => JSON.parse(line) as CastEvent)};
}

/** The screen as it stands `atSeconds` into the recording, as a still SVG (the README's screenshot). */
export async function castFrameSvg(header: CastHeader, events: readonly CastEvent[], atSeconds: number): Promise<string> {
	const upTo = events.filter(event => event[1] === 'o' && event[0] <= atSeconds);
	if (upTo.length === 0) throw new Error(`the recording has no output before ${atSeconds} s`);
	const svg = await castToSvg(header, [...upTo], Number.POSITIVE_INFINITY);
	return svg;
}
