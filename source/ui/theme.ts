// Semantic colours: views say what a thing is (a header, an error), the theme says how it looks.
export type Theme = {
	readonly color: boolean;
	readonly header: string;
	readonly accent: string;
	readonly error: string;
	readonly warning: string;
	readonly dim: string;
};

export const colorTheme: Theme = {color: true, header: 'cyan', accent: 'green', error: 'red', warning: 'yellow', dim: 'gray'};

/** NO_COLOR / --no-color: no colour at all; emphasis comes from inverse and bold only. */
export const plainTheme: Theme = {color: false, header: '', accent: '', error: '', warning: '', dim: ''};
