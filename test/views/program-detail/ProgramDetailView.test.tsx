import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {virtualClock} from '../../../source/clock/clock.js';
import {collect} from '../../../source/collect/collect.js';
import {advanceModel, type Model} from '../../../source/model/model.js';
import {initialUiState, uiReducer, type UiState} from '../../../source/ui/ui-state.js';
import {programDetailView} from '../../../source/views/program-detail/program-detail-view.js';
import {ProgramDetailView} from '../../../source/views/program-detail/ProgramDetailView.js';
import {programsView} from '../../../source/views/programs/programs-view.js';
import {fakeBackend} from '../../helpers/fake-backend.js';
import {helloAnswers, helloNetnsAnswers} from '../../helpers/hello-answers.js';

async function helloModel(section = 0): Promise<Model> {
	const backend = fakeBackend(helloAnswers, helloNetnsAnswers);
	const clock = virtualClock({startWallMs: 1795598726_000 + 90_000});
	const request = programDetailView.request({...initialUiState(1000), progId: 10, netns: 'blue', section});
	const first = advanceModel(undefined, await collect(backend, request, clock));
	await clock.sleep(1000);
	return advanceModel(first, await collect(backend, request, clock));
}

function frame(model: Model | undefined, ui: UiState, height = 30): string {
	const keys = programDetailView.rowKeys(model, ui);
	const {lastFrame, unmount} = render(<ProgramDetailView model={model} ui={ui} selectedKey={keys[0]} width={100} height={height} />);
	const text = lastFrame() ?? '';
	unmount();
	return text;
}

test('Enter on a program opens its detail', () => {
	const ui = initialUiState(1000);
	const event = programsView.open?.('10', ui);
	assert.deepEqual(event, {type: 'open', view: 'program-detail', progId: 10});
	const opened = uiReducer(ui, event!);
	assert.equal(opened.view, 'program-detail');
	assert.deepEqual(opened.back, [{view: 'programs', section: 0}]);
});

test('summary: every prog show field in words, with its attachment in the namespace', async () => {
	const model = await helloModel();
	const ui = {...initialUiState(1000), view: 'program-detail' as const, progId: 10, netns: 'blue'};
	const text = frame(model, ui);
	for (const expected of [
		/tag\s+490c48c1179970a8\s+a hash of the instructions/,
		/translated\s+96 bytes/,
		/JIT-compiled\s+yes, 68 bytes/,
		/maps\s+5 hello\.bss, 6 hello\.rodata/,
		/BTF id\s+11/,
		/GPL compatible\s+yes/,
		/loaded at\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(1 min ago\)/,
		/attached\s+xdp lo \(1\) generic/,
		/\[Summary\]/,
	]) {
		assert.match(text, expected);
	}
});

test('Tab: translated instructions with source lines, then why there is no JIT dump, then maps', async () => {
	const model = await helloModel();
	let ui: UiState = {...initialUiState(1000), view: 'program-detail', progId: 10};
	const tab = () => {
		ui = uiReducer(ui, {type: 'section', delta: 1, count: programDetailView.sections ?? 1});
	};

	tab();
	const xlated = frame(model, ui);
	assert.match(xlated, /int hello\(struct xdp_md \* ctx\):/);
	assert.match(xlated, /; counter\+\+;/);
	assert.match(xlated, /; return XDP_PASS;\n\s+10: \(b7\) r0 = 2/);
	assert.match(xlated, /0: \(18\) r6 = map\[id:5\]\[0\]\+0\s+← hello\.bss/);
	tab();
	assert.equal(programDetailView.request(ui).jited, true, 'the JIT section asks for the JIT dump');
	assert.match(frame(model, ui), /Loading the machine code/);
	assert.match(frame(await helloModel(2), ui), /cannot disassemble machine code \("No libbfd support"\)/);
	tab();
	const maps = frame(model, ui);
	assert.match(maps, /5\s+array\s+hello\.bss/);
	assert.deepEqual(programDetailView.open?.('map:5', ui), {type: 'open', view: 'map-values', mapId: 5});
	tab();
	assert.match(frame(model, ui), /\[Summary\]/);
});

test('a long dump scrolls: the cursor line stays on screen', async () => {
	const model = await helloModel();
	const ui: UiState = {...initialUiState(1000), view: 'program-detail', progId: 10, section: 1};
	const keys = programDetailView.rowKeys(model, ui);
	const last = keys.at(-1);
	const {lastFrame, unmount} = render(<ProgramDetailView model={model} ui={ui} selectedKey={last} width={100} height={6} />);
	const text = lastFrame() ?? '';
	unmount();
	assert.match(text, /11: \(95\) exit/);
	assert.doesNotMatch(text, /int hello/);
	assert.match(text, /lines \d+-\d+ of \d+/);
});

test('a program that is gone says so', async () => {
	const model = await helloModel();
	const text = frame(model, {...initialUiState(1000), view: 'program-detail', progId: 999});
	assert.match(text, /No program with id 999 is loaded/);
});

test('Maps section: the selection starts on the first map, Enter opens it, Esc comes back to the Maps section', async () => {
	const model = await helloModel();
	let ui: UiState = {...initialUiState(1000), view: 'program-detail', progId: 10, section: 3, back: [{view: 'programs', section: 0}]};
	const keys = programDetailView.rowKeys(model, ui);
	assert.deepEqual(keys, ['map:5', 'map:6'], 'the column names are no row');
	ui = uiReducer(ui, programDetailView.open!(keys[0]!, ui)!);
	assert.equal(ui.view, 'map-values');
	assert.equal(ui.mapId, 5);
	ui = uiReducer(ui, {type: 'back'});
	assert.equal(ui.view, 'program-detail');
	assert.equal(ui.section, 3);
	ui = uiReducer(ui, {type: 'back'});
	assert.equal(ui.view, 'programs');
	assert.equal(ui.section, 0);
});
