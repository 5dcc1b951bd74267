import {rawBpf} from './source/backends/bpftool/bpf-syscall.js';
import {mapReader} from './source/backends/bpftool/map-read.js';
import {advanceMapValues} from './source/model/map-values.js';
const bpf = rawBpf(); if ('error' in bpf) throw new Error();
const read = mapReader({bpf, cpus: 2});
const id = Number(process.argv[2]);
let values: any;
const reads = [];
for (let i = 0; i < 2; i++) reads.push(await read(id, {limit: 1e6}));
for (let i = 0; i < 8; i++) {
  const contents = reads[i % 2];
  const t = performance.now();
  values = advanceMapValues(values, {timeNs: BigInt(i+1)*1000000000n, wallMs: 0, programs: [], maps: [{id, type: 'hash', name: 'x', max_entries: 1e6}], problems: [], mapDump: {mapId: id, status: 'ok', contents, timeNs: BigInt(i+1)*1000000000n}});
  console.log(`advance ${(performance.now()-t).toFixed(0)} ms`);
}
