import type { DataTable } from '../report-model.js';
import type { DisclosureControl } from './disclosure-grid.js';
import { withheldNote } from './disclosure-options.js';
import { type Figure, isWithheld } from './withheld.js';

/** The table with a note saying what "<5" and "[c]" mean, when any of its cells is withheld. */
export function noteWithheld(table: DataTable, control: DisclosureControl | null): DataTable {
  if (!control) return table;
  const any = table.rows.some((row) => row.cells.some((cell) => isWithheld(cell.value)));
  if (!any) return table;
  const note = withheldNote(control);
  return { ...table, note: table.note ? `${table.note} ${note}` : note };
}

/**
 * The note under a chart some of whose points are withheld (drawn as gaps), or null. Takes
 * every series' figures.
 */
export function chartWithheldNote(
  series: readonly (readonly (Figure | null)[])[],
  control: DisclosureControl | null,
): string | null {
  if (!control || !series.some((values) => values.some(isWithheld))) return null;
  return `Gaps are figures withheld under statistical disclosure control (${withheldNote(control)})`;
}
