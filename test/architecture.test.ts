// Data flows one way: backends → parse → collect → model → present → (views | batch | recorder).
// Each top-level folder of source/ may import only from the layers below it (and from itself).
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const source = fileURLToPath(new URL('../source/', import.meta.url));

/** What each folder may import, besides itself. Files at the top (cli, app …) may import anything. */
const allowed: Record<string, readonly string[]> = {
	parse: [],
	clock: [],
	btf: [],
	snapshot: ['parse', 'btf'],
	model: ['parse', 'snapshot', 'btf'],
	backends: ['parse', 'snapshot', 'clock', 'model', 'recording', 'btf', 'options.ts'],
	collect: ['backends', 'parse', 'snapshot', 'clock', 'model'],
	recording: ['backends', 'collect', 'snapshot', 'parse', 'btf'],
	poll: ['clock'],
	present: ['model', 'parse', 'snapshot', 'terminal'],
	monitor: ['backends', 'collect', 'model', 'parse', 'snapshot', 'clock', 'poll', 'recording', 'options.ts'],
	fleet: ['backends', 'clock', 'collect', 'model', 'monitor', 'parse', 'snapshot', 'options.ts'],
	metrics: ['backends', 'model', 'monitor', 'parse', 'snapshot', 'options.ts'],
	batch: ['backends', 'model', 'monitor', 'parse', 'present', 'snapshot', 'options.ts'],
	terminal: ['ui'],
	ui: ['model', 'parse', 'present', 'terminal', 'options.ts'],
	hooks: ['backends', 'model', 'monitor', 'recording', 'ui'],
	components: ['backends', 'hooks', 'model', 'present', 'recording', 'terminal', 'ui'],
	views: ['collect', 'components', 'hooks', 'model', 'present', 'snapshot', 'ui'],
};

function files(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
	});
}

test('no folder imports from a layer above it', () => {
	const problems: string[] = [];
	for (const file of files(source)) {
		const [layer, ...rest] = relative(source, file).split(sep);
		if (rest.length === 0) continue;
		const may = new Set([layer!, ...(allowed[layer!] ?? [])]);
		assert.ok(layer! in allowed, `source/${layer}/ has no entry in the layer table`);
		for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
			const target = relative(source, join(file, '..', match[1] ?? match[2]!)).split(sep)[0]!.replace(/\.js$/, '.ts');
			if (!may.has(target)) problems.push(`${relative(source, file)} imports ${match[1] ?? match[2]}`);
		}
	}

	assert.deepEqual(problems, []);
});

test('batch output and the core import nothing from the screen (views, components, hooks, React)', () => {
	for (const layer of ['batch', 'monitor', 'model', 'present', 'collect', 'recording', 'fleet', 'metrics']) {
		for (const file of files(join(source, layer))) {
			const text = readFileSync(file, 'utf8');
			assert.doesNotMatch(text, /from '(react|ink)'/, `${relative(source, file)} imports React or Ink`);
		}
	}
});
