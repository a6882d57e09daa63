/**
 * The shape of the Annex A mapping (`annex-a-mapping.ts`): which Ofsted Annex A list feeds which
 * extract, which workbook headers feed which column, and which workbook values mean which code.
 * Header and value matching ignore case, repeated spaces, curly quotes and a trailing `?`, `:`
 * or `.`; see docs/annex-a.md.
 */

/** How one extract column is filled from a list. */
export type AnnexAColumn =
  /** From one workbook column, under any of these headers; `values` names a value map. */
  | { readonly headers: readonly string[]; readonly values?: string }
  /** From several workbook columns whose mapped values are joined (e.g. ACCOM = type + suitability). */
  | {
      readonly combine: readonly {
        readonly headers: readonly string[];
        readonly values?: string;
      }[];
    }
  /**
   * An identifier the list does not carry, made from other columns of the same row (e.g. a
   * contact is its child and date); a repeat of the same parts in a sheet gets `_2`, `_3`...
   */
  | { readonly derive: readonly string[] };

/** One Annex A list and the extract it loads into. */
export interface AnnexAList {
  /** The list number: sheet `List_1`, `List 1`, `list1`... */
  readonly list: number;
  /** Table the rows load into (an extract name from `functions/core/extracts`). */
  readonly extract: string;
  /**
   * Event lists: the date column whose month a row belongs to. Absent for snapshot lists, whose
   * rows all describe the last month of the workbook's period.
   */
  readonly monthColumn?: string;
  /** Extract columns this list fills; the extract's other columns are "not recorded". */
  readonly columns: Readonly<Record<string, AnnexAColumn>>;
  /**
   * Headers the list is known to carry that no column takes (dropped and listed as dropped);
   * they, and `personalNameHeaders`, also help find the header row under a title row.
   */
  readonly dropped: readonly string[];
}

/** The whole mapping: lists, value maps, and headers that hold people's names. */
export interface AnnexAMapping {
  readonly lists: readonly AnnexAList[];
  /** Named value maps: workbook text (after the `a)` option prefix is removed) -> extract code. */
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Headers of columns holding staff names: never mapped, never read into the warehouse. */
  readonly personalNameHeaders: readonly string[];
}
