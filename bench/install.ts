// `npm run bench:install`: the npm install and the single executable side by side (bench/installs.ts),
// written to bench/install.md. `npm run bench` measures the same for its single-file budget line.
//   node --import tsx bench/install.ts [--window SECONDS]
import {installSignalCleanup, onCleanup, runCleanups} from './cleanup.js';
import {measureInstalls} from './installs.js';
import {killLivePtys} from './pty-run.js';

const argv = process.argv.slice(2);
const windowS = Number(argv.includes('--window') ? argv[argv.indexOf('--window') + 1] : 15);
installSignalCleanup();
onCleanup(killLivePtys);
try {
	const {markdown} = await measureInstalls(windowS, text => process.stderr.write(`bench: ${text}\n`));
	process.stdout.write(`${markdown}\nwritten to bench/install.md\n`);
} finally {
	runCleanups();
}
