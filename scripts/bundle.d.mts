// Types of bundle.mjs for the tests that bundle a harness the way the build bundles the CLI.
export function bundle(options: {entry?: string; outfile: string; readable?: boolean; skipPatches?: number[]}): Promise<void>;
export const patches: ReadonlyArray<{readonly file: RegExp; readonly replace: ReadonlyArray<readonly [string, string]>}>;
