import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {advanceModel, type Model} from '../../../source/model/model.js';
import type {BpfMap} from '../../../source/parse/map.js';
import {parseMapDump} from '../../../source/parse/map-dump.js';
import {initialUiState, type UiState} from '../../../source/ui/ui-state.js';
import {mapValuesView} from '../../../source/views/map-values/map-values-view.js';
import {MapValuesView} from '../../../source/views/map-values/MapValuesView.js';
import {mapsView} from '../../../source/views/maps/maps-view.js';
import {MapsView} from '../../../source/views/maps/MapsView.js';
import type {MapDump, Snapshot} from '../../../source/snapshot/snapshot.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));
const maps = fixture('map-show-counters.json') as BpfMap[];

function dump(mapId: number, output: unknown): MapDump {
	const parsed = parseMapDump(output, 'dump');
	assert.ok(parsed.ok);
	return {mapId, status: 'ok', entries: parsed.value};
}

function model(steps: Array<[number, MapDump | undefined]>): Model {
	let current: Model | undefined;
	for (const [seconds, mapDump] of steps) {
		const snapshot: Snapshot = {
			timeNs: BigInt(seconds * 1e9),
			wallMs: seconds * 1000,
			programs: [{id: 128, type: 'xdp', name: 'counters', tag: 't', map_ids: [68, 64, 65, 66]}],
			maps,
			problems: [],
			...(mapDump ? {mapDump} : {}),
		};
		current = advanceModel(current, snapshot);
	}

	return current!;
}

const bss = (packets: number) => [{key: ['0x00', '0x00', '0x00', '0x00'], value: ['0x00', '0x00', '0x00', '0x00', '0x00', '0x00', '0x00', '0x00'], formatted: {value: {'.bss': [{packets}]}}}];

test('the Maps view lists maps with the programs that use them; Enter opens the value table', () => {
	const ui = initialUiState(1000, {view: 'maps'});
	const {lastFrame} = render(<MapsView model={model([[1, undefined]])} ui={ui} width={100} height={10} />);
	const frame = lastFrame() ?? '';
	assert.match(frame, /ID▲ TYPE/);
	assert.match(frame, /66 hash\s+port_packets\s+4\s+8\s+1024\s+-\s+81.0K counters#128/);
	assert.match(frame, /68 array\s+counters\.bss\s+4\s+8\s+1\s+1\s+8\.00K counters#128/);
	assert.deepEqual(mapsView.open?.('66', ui), {type: 'open', view: 'map-values', mapId: 66});
});

test('the value table shows a .bss counter growing, with its rate and sparkline', () => {
	const ui: UiState = initialUiState(1000, {view: 'map-values', mapId: 68});
	const current = model([
		[1, dump(68, bss(100))],
		[2, dump(68, bss(150))],
		[3, dump(68, bss(250))],
	]);
	const {lastFrame} = render(<MapValuesView model={current} ui={ui} width={100} height={10} />);
	const frame = lastFrame() ?? '';
	assert.match(frame, /Map 68 counters\.bss \(array\) · key 4 B, value 8 B · 1 variable of max 1 · Δ over 1\.0s/);
	assert.match(frame, /packets\s+250\s+\+100\s+100\s+[▁-█ ]*▄█/);
	assert.deepEqual(mapValuesView.request(ui), {mapId: 68});
});

test('struct members are columns; per-CPU values expand under their sum; filter and sort apply', () => {
	const structs = model([[1, dump(65, fixture('map-dump-hash-struct.json'))]]);
	let ui = initialUiState(1000, {view: 'map-values', mapId: 65});
	const frame = render(<MapValuesView model={structs} ui={ui} width={100} height={10} />).lastFrame() ?? '';
	assert.match(frame, /KEY▲\s+packets\s+bytes\s+Δ packets\s+packets\/s/);
	assert.match(frame, /1\s+20\s+1420/);
	ui = {...ui, filter: '860'};
	const filtered = render(<MapValuesView model={structs} ui={ui} width={100} height={10} />).lastFrame() ?? '';
	assert.match(filtered, /17\s+20\s+860/);
	assert.doesNotMatch(filtered, /1420/);
	assert.deepEqual(mapValuesView.rowKeys(structs, {...ui, filter: '', sorts: {'map-values': {column: 'key', descending: true}}}), ['11 00 00 00', '01 00 00 00']);

	const percpu = model([[1, dump(64, fixture('map-dump-percpu-array.json'))]]);
	const closed = initialUiState(1000, {view: 'map-values', mapId: 64});
	assert.match(render(<MapValuesView model={percpu} ui={closed} width={100} height={10} />).lastFrame() ?? '', /▸ 0\s+40/);
	const event = mapValuesView.open?.('00 00 00 00', closed);
	assert.deepEqual(event, {type: 'expand', key: '64:00 00 00 00'});
	const open = {...closed, expanded: ['64:00 00 00 00']};
	const expanded = render(<MapValuesView model={percpu} ui={open} width={100} height={10} />).lastFrame() ?? '';
	assert.match(expanded, /▾ 0\s+40[^\n]*\n\s+cpu0\s+0[^\n]*\n\s+cpu1\s+40/);
	assert.deepEqual(mapValuesView.rowKeys(percpu, open), ['00 00 00 00', '00 00 00 00#cpu0', '00 00 00 00#cpu1']);
});

test('a map too large to dump says why instead of stalling', () => {
	const current = model([[1, {mapId: 66, status: 'skipped', reason: 'can hold 1000000 entries: not dumped'}]]);
	const frame = render(<MapValuesView model={current} ui={initialUiState(1000, {view: 'map-values', mapId: 66})} width={100} height={10} />).lastFrame() ?? '';
	assert.match(frame, /Map 66 port_packets/);
	assert.match(frame, /can hold 1000000 entries: not dumped/);
});
