import {runInPty} from './test/helpers/cli.js';
const run = runInPty(['--backend', 'emulator', '--map', process.argv[2]!], {columns: 110, rows: 18});
await run.waitFor(/Map \d+/, 20000);
await new Promise(r => setTimeout(r, 2500));
console.log(await run.screen());
for (const key of process.argv.slice(3)) { run.write(key); await new Promise(r => setTimeout(r, 700)); console.log(await run.screen()); }
run.write('q'); await run.exited;
