// What a view is, as data: the App switches between these without knowing what they show.
// A new view is one definition file plus one line in views.ts.
import type {ReactElement} from 'react';
import type {RefreshRequest} from '../collect/request.js';
import type {Model} from '../model/model.js';
import type {Sort, SortValue} from '../model/table.js';
import type {UiEvent, UiState, ViewName} from '../ui/ui-state.js';

export type ViewProps = {
	readonly model?: Model;
	readonly ui: UiState;
	/** The selected row's key (valid for this view's rows), if any. */
	readonly selectedKey?: string;
	readonly width: number;
	readonly height: number;
};

export type SortableColumn = {
	readonly id: string;
	readonly sort?: (row: never) => SortValue;
	readonly descendingFirst?: boolean;
};

export type ViewDefinition = {
	readonly name: ViewName;
	readonly title: string;
	/** The key that switches to this view from anywhere; detail views have none. */
	readonly key?: string;
	readonly columns?: readonly SortableColumn[];
	readonly defaultSort?: Sort;
	/** What this view needs from the next refresh. */
	request(ui: UiState): RefreshRequest;
	/** Keys of the rows in display order, for moving the selection. */
	rowKeys(model: Model | undefined, ui: UiState): string[];
	/** How many sections Tab moves through (detail views). */
	readonly sections?: number;
	/** What Enter on a row does. */
	open?(key: string, ui: UiState): UiEvent | undefined;
	readonly Component: (props: ViewProps) => ReactElement;
};
