// Whatever the bench changes (pinned programs, child processes) is undone on every way out: normal
// end, thrown error, Ctrl-C, SIGTERM. Cleanups are synchronous so they also run from 'exit'.
const cleanups: Array<() => void> = [];

export function onCleanup(cleanup: () => void): () => void {
	cleanups.push(cleanup);
	return () => {
		const index = cleanups.indexOf(cleanup);
		if (index >= 0) cleanups.splice(index, 1);
	};
}

export function runCleanups(): void {
	for (const cleanup of cleanups.splice(0).reverse()) {
		try {
			cleanup();
		} catch (error) {
			process.stderr.write(`bench: cleanup failed: ${(error as Error).message}\n`);
		}
	}
}

export function installSignalCleanup(): void {
	for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
		process.on(signal, () => {
			process.stderr.write(`\nbench: ${signal}, cleaning up\n`);
			runCleanups();
			process.exit(128 + number);
		});
	}

	process.on('exit', runCleanups);
}
