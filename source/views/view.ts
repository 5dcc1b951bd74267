// What a view is, as data: the App switches between these without knowing what they show.
// A new view is one definition file plus one line in views.ts.
import type {ReactElement} from 'react';
import type {MapReadProgress} from '../snapshot/map-contents.js';
import type {RefreshRequest} from '../collect/request.js';
import type {TraceState} from '../hooks/use-trace.js';
import type {Model} from '../model/model.js';
import type {Sort, SortValue} from '../model/table.js';
import type {Action, Hint} from '../ui/keymap.js';
import type {UiEvent, UiState, ViewName} from '../ui/ui-state.js';

export type ViewProps = {
	readonly model?: Model;
	readonly ui: UiState;
	/** The selected row's key (valid for this view's rows), if any. */
	readonly selectedKey?: string;
	readonly width: number;
	readonly height: number;
	/** The trace log, while a view that reads it is shown. */
	readonly trace?: TraceState;
	/** How far a long map read has got (the value table's title line says so). */
	readonly mapProgress?: MapReadProgress;
};

/** What a view's own key handling can see. */
export type ViewContext = {
	readonly ui: UiState;
	readonly model?: Model;
	/** The selected row's key as shown (the first row when none is chosen). */
	readonly selectedKey?: string;
	readonly trace?: TraceState;
	/** The view's height in lines. */
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
	/** The columns for this model, where they depend on it (a HOST column with several hosts); `s` cycles through these. */
	columnsFor?(model: Model | undefined): readonly SortableColumn[];
	readonly defaultSort?: Sort;
	/** What this view needs from the next refresh. */
	request(ui: UiState): RefreshRequest;
	/** Keys of the rows in display order, for moving the selection. */
	rowKeys(model: Model | undefined, ui: UiState): string[];
	/** How many sections Tab moves through (detail views). */
	readonly sections?: number;
	/** While shown, the App reads the trace pipe (reading consumes it, so only then). */
	readonly readsTrace?: boolean;
	/** Keys the view handles itself (the trace log scrolls a window, not a selection): true or an event when handled. */
	act?(action: Action, context: ViewContext): boolean | UiEvent;
	/** What Enter on a row does. */
	open?(key: string, ui: UiState): UiEvent | undefined;
	/** The footer's hints for this view as it is now (what Enter does here, Tab, Esc …). */
	hints(context: ViewContext): Hint[];
	readonly Component: (props: ViewProps) => ReactElement;
};
