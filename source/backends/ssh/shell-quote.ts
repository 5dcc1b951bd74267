// ssh hands the remote command to the remote user's login shell as one string, so every word we
// send is quoted for a POSIX shell: inside single quotes nothing is special but the single quote
// itself, which is written as '"'"' (close, a quoted quote, reopen). No backslash is used, so a
// fish login shell (which treats \' and \\ specially inside single quotes) reads it the same.
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** A remote command line: each word quoted, joined by spaces. */
export function shellCommand(words: readonly string[]): string {
	return words.map(word => shellQuote(word)).join(' ');
}
