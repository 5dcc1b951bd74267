// The frame writer takes Ink's frames in two ways: through Ink's own Output (the public path: any
// Ink version) and through ours (ink-output.ts, for the Ink it was written for). Both must put the
// same screens on the terminal: the monitor runs once each way, bundled as the build bundles it,
// through the same scripted steps, and every step's screen is compared cell by cell.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {bundle} from '../../scripts/bundle.mjs';
import {VirtualScreen} from '../helpers/screen.js';

type Run = {fast: boolean; written: string; steps: Array<{name: string; at: number}>};

async function screenAt(written: string, at: number) {
	const screen = new VirtualScreen(120, 40);
	await screen.write(written.slice(0, at));
	const cells = Array.from({length: 40}, (_, row) => Array.from({length: 120}, (_, column) => screen.cell(column, row)));
	const lines = screen.lines();
	screen.dispose();
	return {lines, cells};
}

test('Ink’s own Output and ours put the same screens on the terminal', {timeout: 120_000}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-paths-'));
	try {
		const harness = join(dir, 'harness.cjs');
		await bundle({entry: fileURLToPath(new URL('render-paths-harness.tsx', import.meta.url)), outfile: harness});
		const run = (name: string, env: NodeJS.ProcessEnv): Run => {
			const output = join(dir, `${name}.json`);
			const {FORCE_COLOR: _, NO_COLOR: __, ...rest} = process.env;
			const result = spawnSync(process.execPath, [harness, output], {encoding: 'utf8', timeout: 90_000, env: {...rest, TERM: 'xterm-256color', CI: 'false', ...env}});
			assert.equal(result.status, 0, result.stderr);
			return JSON.parse(readFileSync(output, 'utf8')) as Run;
		};

		const fast = run('fast', {});
		const ink = run('ink', {BPFTOP_INK_OUTPUT: 'ink'});
		assert.equal(fast.fast, true, 'the bundle gives Ink our Output for the Ink it was written for');
		assert.equal(ink.fast, false, 'BPFTOP_INK_OUTPUT=ink gives Ink its own');
		assert.deepEqual(
			ink.steps.map(step => step.name),
			fast.steps.map(step => step.name),
		);
		const seen = new Set<string>();
		for (const [index, step] of fast.steps.entries()) {
			const ours = await screenAt(fast.written, step.at);
			const inks = await screenAt(ink.written, ink.steps[index]!.at);
			assert.deepEqual(ours.lines, inks.lines, `the text after "${step.name}"`);
			assert.deepEqual(ours.cells, inks.cells, `the styles after "${step.name}"`);
			seen.add(ours.lines.join('\n'));
		}

		// The steps went somewhere: data, the help, the program detail, the maps.
		const all = [...seen].join('\n');
		for (const pattern of [/\d+ programs, \d+ maps/, /Keys \(press/, /ID TYPE/, /hello/]) assert.match(all, pattern);
		assert.ok(seen.size > 10, `${seen.size} different screens`);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
