/**
 * Statistical disclosure control for published papers (docs/security.md): which counts a
 * paper withholds, decided in the view models from the true figures of the report tables.
 */
export {
  type Cell,
  Disclosure,
  type DisclosureControl,
  DisclosureGrid,
  RowCells,
  type RowSpec,
} from './disclosure-grid.js';
export {
  DEFAULT_DISCLOSURE_THRESHOLD,
  disclosureFor,
  disclosureStatement,
  withheldNote,
} from './disclosure-options.js';
export {
  type CellStatus,
  type Relation,
  type Suppression,
  type SuppressionProblem,
  suppressCells,
} from './suppress-cells.js';
export { derive, type Figure, isWithheld, plotted, WITHHELD_SYMBOL, Withheld } from './withheld.js';
export { chartWithheldNote, noteWithheld } from './withheld-notes.js';
