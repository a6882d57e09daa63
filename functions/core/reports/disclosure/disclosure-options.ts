import type { ReportConfig } from '../report-config.js';
import type { DisclosureControl } from './disclosure-grid.js';

/** The threshold when `--publish` asks for control and the config names none. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

/**
 * Whether a report is published with statistical disclosure control, and at what threshold:
 * `--publish` (or `publish: true`) turns it on for every report; otherwise the report's own
 * `disclosureControl` in the LA's config decides (`false` turns it off), then the LA's.
 * Internal papers, with neither, print every figure.
 */
export function disclosureFor(
  config: ReportConfig,
  reportId: string,
  publish = false,
): DisclosureControl | null {
  const own = config.reports[reportId]?.disclosureControl;
  const la = config.disclosureControl;
  const configured = own === false ? null : (own ?? la ?? null);
  if (publish) {
    return { threshold: (configured ?? la)?.threshold ?? DEFAULT_DISCLOSURE_THRESHOLD };
  }
  return configured ? { threshold: configured.threshold } : null;
}

/** The paper's statement of what it withholds, printed under its header block. */
export function disclosureStatement(control: DisclosureControl): string {
  const t = control.threshold;
  return (
    `Published with statistical disclosure control: counts from 1 to ${t - 1} are shown as ` +
    `“<${t}”, and a figure from which one of them could be worked out (another count in the ` +
    'same row or column, a total, or a percentage of a count withheld) is shown as “[c]”. ' +
    'Totals are the true totals.'
  );
}

/** The note under a table or chart that has withheld figures. */
export function withheldNote(control: DisclosureControl): string {
  return `<${control.threshold}: fewer than ${control.threshold}; [c]: withheld so that a small number cannot be worked out.`;
}
