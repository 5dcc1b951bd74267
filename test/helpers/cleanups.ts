// What a test file set up (programs, namespaces, traffic, servers), undone in reverse order; one
// failing undo does not keep the others from running.
export function runCleanups(cleanups: Array<() => void>): void {
	for (const cleanup of cleanups.splice(0).reverse()) {
		try {
			cleanup();
		} catch {}
	}
}
