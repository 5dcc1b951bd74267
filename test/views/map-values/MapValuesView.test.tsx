import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {advanceModel, type Model} from '../../../source/model/model.js';
import type {BpfMap} from '../../../source/parse/map.js';
import {contentsFromDump} from '../../../source/backends/dump-contents.js';
import {parseMapDump} from '../../../source/parse/map-dump.js';
import {initialUiState, type UiState} from '../../../source/ui/ui-state.js';
import {mapValuesView} from '../../../source/views/map-values/map-values-view.js';
import {MapValuesView} from '../../../source/views/map-values/MapValuesView.js';
import {mapsView} from '../../../source/views/maps/maps-view.js';
import {MapsView} from '../../../source/views/maps/MapsView.js';
import type {MapContents, MapDump, Snapshot} from '../../../source/snapshot/snapshot.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));
const maps = fixture('map-show-counters.json') as BpfMap[];

function dump(mapId: number, output: unknown, seconds = 1): MapDump {
	const parsed = parseMapDump(output, 'dump');
	assert.ok(parsed.ok);
	return {mapId, status: 'ok', contents: contentsFromDump(mapId, maps.find(map => map.id === mapId)!, parsed.value), timeNs: BigInt(seconds * 1e9)};
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
		[1, dump(68, bss(100), 1)],
		[2, dump(68, bss(150), 2)],
		[3, dump(68, bss(250), 3)],
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
	// Highest rate first (none yet: highest value), key order one `s` away.
	assert.match(frame, /KEY\s+packets\s+bytes\s+Δ packets\s+packets\/s▼/);
	assert.match(frame, /1\s+20\s+1420/);
	ui = {...ui, filter: '860'};
	const filtered = render(<MapValuesView model={structs} ui={ui} width={100} height={10} />).lastFrame() ?? '';
	assert.match(filtered, /17\s+20\s+860/);
	assert.doesNotMatch(filtered, /1420/);
	assert.deepEqual(mapValuesView.rowKeys(structs, {...ui, filter: '', sorts: {'map-values': {column: 'key', descending: true}}}), ['11000000']);
	assert.deepEqual(mapValuesView.rowKeys(structs, {...ui, filter: '', sorts: {'map-values': {column: 'key', descending: false}}}), ['01000000']);

	const percpu = model([[1, dump(64, fixture('map-dump-percpu-array.json'))]]);
	const closed = initialUiState(1000, {view: 'map-values', mapId: 64});
	assert.match(render(<MapValuesView model={percpu} ui={closed} width={100} height={10} />).lastFrame() ?? '', /▸ 0\s+40/);
	const event = mapValuesView.open?.('00000000', closed);
	assert.deepEqual(event, {type: 'expand', key: '64:00000000'});
	const open = {...closed, expanded: ['64:00000000']};
	const expanded = render(<MapValuesView model={percpu} ui={open} width={100} height={10} />).lastFrame() ?? '';
	assert.match(expanded, /▾ 0\s+40[^\n]*\n\s+cpu0\s+0[^\n]*\n\s+cpu1\s+40/);
	// The view moves its own selection: down from the entry goes through its CPUs.
	const down = (key: string) => mapValuesView.act?.('down', {ui: {...open, selected: {'map-values': key}}, model: percpu, selectedKey: key, height: 10});
	assert.deepEqual(down('00000000'), {type: 'select', key: '00000000#cpu0'});
	assert.deepEqual(down('00000000#cpu0'), {type: 'select', key: '00000000#cpu1'});
	assert.deepEqual(mapValuesView.rowKeys(percpu, {...open, selected: {'map-values': '00000000#cpu1'}}), ['00000000', '00000000#cpu1']);
});

test('a map too large to dump says why instead of stalling', () => {
	const current = model([[1, {mapId: 66, status: 'skipped', reason: 'can hold 1000000 entries: not dumped'}]]);
	const frame = render(<MapValuesView model={current} ui={initialUiState(1000, {view: 'map-values', mapId: 66})} width={100} height={10} />).lastFrame() ?? '';
	assert.match(frame, /Map 66 port_packets/);
	assert.match(frame, /can hold 1000000 entries: not dumped/);
});

test('a bpftrace hist() map is drawn as a histogram; comm keys as text; x shows hex bytes', () => {
	const percpu = (pairs: Array<[number, number]>, keyOf: (index: number) => number[]) => {
		const keys = pairs.flatMap(([key]) => keyOf(key));
		const values = pairs.flatMap(([, count]) => [count, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		return {keys: Uint8Array.from(keys), values: Uint8Array.from(values)};
	};
	const u64 = (value: number) => [value, 0, 0, 0, 0, 0, 0, 0];
	const histMap: BpfMap = {id: 81, type: 'percpu_hash', name: 'AT_lat', bytes_key: 8, bytes_value: 8, max_entries: 4096};
	const hist = percpu([[3, 4], [6, 8], [21, 2]], u64);
	const holders = [{pid: 7, comm: 'bpftrace', args: ['bpftrace', '-e', 'kprobe:vfs_read { @lat = hist(arg2); @opens[comm] = count(); }']}];
	const snapshot = (map: BpfMap, contents: MapContents): Snapshot => ({timeNs: 1n, wallMs: 0, programs: [], maps: [map], problems: [], mapDump: {mapId: map.id, status: 'ok', contents, timeNs: 1n}});
	const read = (map: BpfMap, bytes: {keys: Uint8Array; values: Uint8Array}, keySize: number): MapContents => ({mapId: map.id, via: 'bpf(2) batch', keySize, valueSize: 8, cpus: 2, cpuStride: 8, count: bytes.keys.length / keySize, ...bytes, holders});
	const histModel = advanceModel(undefined, snapshot(histMap, read(histMap, hist, 8)));
	const ui = initialUiState(1000, {view: 'map-values', mapId: 81});
	const frame = render(<MapValuesView model={histModel} ui={ui} width={100} height={24} />).lastFrame() ?? '';
	assert.match(frame, /Map 81 @lat \(AT_lat, percpu_hash\)/);
	assert.match(frame, /KEY BUCKET +COUNT/);
	assert.match(frame, /\[2, 4\) +4 [^\n]*█/);
	assert.match(frame, /\[4, 8\) +0\n/);
	assert.match(frame, /\[16, 32\) +8 [^\n]*█{10}/);
	assert.match(frame, /\[512K, 1M\) +2 /);

	const opensMap: BpfMap = {id: 82, type: 'percpu_hash', name: 'AT_opens', bytes_key: 16, bytes_value: 8, max_entries: 4096};
	const comm = (name: string) => [...Buffer.from(name.padEnd(16, '\0'))];
	const opens = read(opensMap, percpu([[0, 30], [1, 12]], index => comm(['bash', 'systemd-journal'][index]!)), 16);
	const opensModel = advanceModel(undefined, snapshot(opensMap, opens));
	const opensUi = initialUiState(1000, {view: 'map-values', mapId: 82});
	const text = render(<MapValuesView model={opensModel} ui={opensUi} width={100} height={8} />).lastFrame() ?? '';
	assert.match(text, /▸ bash +30\n▸ systemd-journal +12/);
	assert.deepEqual(mapValuesView.act?.('hex', {ui: opensUi, model: opensModel, height: 8}), {type: 'hex'});
	const hex = render(<MapValuesView model={opensModel} ui={{...opensUi, hex: true}} width={100} height={8} />).lastFrame() ?? '';
	assert.match(hex, /62 61 73 68 00 00 00 00 00 00 00 00 00 00 00 00 +1e 00 00 00 00 00 00 00/);
});
