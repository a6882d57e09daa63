/**
 * The clerks' page in the browser: reads `config.json`, lists the papers from the reports
 * API, filters them as the clerk types, and downloads a paper through a fresh link on each
 * click (AWS links expire within 15 minutes). Everything is built with DOM calls and
 * textContent, never HTML strings, so no listed value can become markup.
 */

import { formatLongDate, formatMonthYear } from '../../reports/format.js';
import {
  type CommitteeGroup,
  countPapers,
  fileSize,
  filterGroups,
  generatedTime,
  groupReports,
  type MeetingGroup,
  type PaperRow,
} from './report-groups.js';
import { ReportsApiClient, SignInRequired } from './reports-api-client.js';
import type { SiteConfig } from './site-config.js';

const NOT_RECORDED = 'Not recorded';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Text screen readers announce but the eye does not need (the row already says it). */
const hidden = (text: string) => element('span', { class: 'visually-hidden' }, text);

/** An id made only of characters ids and `aria-labelledby` accept. */
const idOf = (...parts: string[]) => parts.join('-').replace(/[^a-zA-Z0-9_-]/g, '_');

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page lacks #${id}`);
  return node as T;
}

class ClerksPage {
  private groups: CommitteeGroup[] = [];
  private readonly results = byId<HTMLDivElement>('results');
  private readonly status = byId<HTMLParagraphElement>('status');
  private readonly error = byId<HTMLDivElement>('error');
  private readonly filter = byId<HTMLInputElement>('filter');
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: ReportsApiClient,
    private readonly config: SiteConfig,
  ) {}

  async start(): Promise<void> {
    const dictionary = document.getElementById('dictionary-link');
    if (dictionary && this.config.dictionaryUrl === null) dictionary.closest('li')?.remove();
    else if (dictionary && this.config.dictionaryUrl) {
      dictionary.setAttribute('href', this.config.dictionaryUrl);
    }
    byId<HTMLFormElement>('filter-form').addEventListener('submit', (event) => {
      event.preventDefault();
    });
    this.filter.addEventListener('input', () => this.render(true));
    try {
      if (await this.api.completeSignIn()) {
        // Drop ?code=&state= so a reload does not replay a used code.
        history.replaceState(null, '', location.pathname);
      }
    } catch (problem) {
      this.showError((problem as Error).message);
    }
    if (this.api.needsSignIn()) {
      this.showSignIn();
      return;
    }
    this.showSignOut();
    await this.load();
  }

  private async load(): Promise<void> {
    this.status.textContent = 'Loading the reports…';
    try {
      this.groups = groupReports(await this.api.list());
      this.render(false);
    } catch (problem) {
      if (problem instanceof SignInRequired) {
        this.showSignIn();
        return;
      }
      this.status.textContent = 'The reports could not be loaded.';
      this.showError(`${(problem as Error).message} Reload the page to try again.`);
    }
  }

  private showSignIn(): void {
    const panel = byId<HTMLDivElement>('sign-in');
    const button = element('button', { type: 'button', class: 'button' }, 'Sign in');
    button.addEventListener('click', async () => {
      location.assign(await this.api.signInUrl());
    });
    panel.replaceChildren(
      element('h2', {}, 'Sign in to see the reports'),
      element(
        'p',
        {},
        'The reports are for council staff. Sign in with your council account and the code from your authenticator app.',
      ),
      button,
    );
    panel.hidden = false;
    byId<HTMLFormElement>('filter-form').hidden = true;
    this.status.textContent = 'Sign in to see the reports.';
  }

  private showSignOut(): void {
    if (this.config.auth === null) return;
    const button = element('button', { type: 'button', class: 'link-button' }, 'Sign out');
    button.addEventListener('click', () => {
      const url = this.api.signOut();
      if (url) location.assign(url);
    });
    document.getElementById('account')?.replaceChildren(button);
  }

  private showError(message: string): void {
    this.error.replaceChildren(element('p', {}, message));
  }

  /** Draws the papers the filter keeps; the count is announced once typing pauses. */
  private render(typed: boolean): void {
    const query = this.filter.value.trim();
    const shown = filterGroups(this.groups, query, this.config.councils);
    this.results.replaceChildren(...shown.map((committee) => this.committeeSection(committee)));
    const total = countPapers(this.groups);
    const count = countPapers(shown);
    let message: string;
    if (total === 0) {
      message =
        'There are no reports yet. They appear here once the monthly run has rendered them.';
    } else if (query === '') {
      message = `Showing all ${total} papers.`;
    } else if (count === 0) {
      message = `No papers match “${query}”. Clear the search box to see all ${total}.`;
    } else {
      message = `Showing ${count} of ${total} papers matching “${query}”.`;
    }
    clearTimeout(this.statusTimer);
    if (typed) {
      this.statusTimer = setTimeout(() => {
        this.status.textContent = message;
      }, 400);
    } else {
      this.status.textContent = message;
    }
  }

  private committeeSection(committee: CommitteeGroup): HTMLElement {
    const id = idOf('committee', committee.id);
    const council = committee.laCode
      ? (this.config.councils[committee.laCode] ?? `LA ${committee.laCode}`)
      : undefined;
    const heading = element('h2', { id }, committee.committee);
    if (council) heading.append(' ', element('span', { class: 'council' }, `(${council})`));
    return element(
      'section',
      { class: 'committee', 'aria-labelledby': id },
      heading,
      ...committee.meetings.map((meeting) => this.meetingSection(committee, meeting)),
    );
  }

  private meetingSection(committee: CommitteeGroup, meeting: MeetingGroup): HTMLElement {
    const id = idOf('meeting', committee.id, meeting.date);
    const when = formatLongDate(meeting.date);
    const section = element(
      'section',
      { class: 'meeting', 'aria-labelledby': id },
      element('h3', { id }, `Meeting on ${when}`),
    );
    const pack = meeting.agendaPack;
    if (pack?.pdf) {
      const pages = pack.pdf.pages ? `${pack.pdf.pages} pages, ` : '';
      section.append(
        element(
          'div',
          { class: 'pack' },
          element(
            'p',
            {},
            `Agenda pack: the notice of meeting and every report in one PDF (${pages}${fileSize(pack.pdf.size)}).`,
          ),
          this.downloadButton(
            pack.pdf.key,
            'Download the agenda pack',
            ` for ${committee.committee}, ${when}`,
          ),
        ),
      );
    }
    if (meeting.reports.length > 0) section.append(this.reportsTable(committee, meeting, when));
    return section;
  }

  private reportsTable(committee: CommitteeGroup, meeting: MeetingGroup, when: string): Node {
    const captionId = idOf('caption', committee.id, meeting.date);
    const table = element(
      'table',
      {},
      element('caption', { id: captionId }, `Reports for ${committee.committee}, ${when}`),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          ...['Report', 'Month of data', 'Generated', 'Size', 'Download'].map((name) =>
            element('th', { scope: 'col' }, name),
          ),
        ),
      ),
      element('tbody', {}, ...meeting.reports.map((row) => this.reportRow(row))),
    );
    // Narrow screens scroll the table, not the page; a focusable region keeps that keyboard-usable.
    return element(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
      table,
    );
  }

  private reportRow(row: PaperRow): HTMLTableRowElement {
    const size = row.pdf
      ? `${fileSize(row.pdf.size)}${row.pdf.pages ? `, ${row.pdf.pages} pages` : ''}`
      : NOT_RECORDED;
    const downloads = element('td', { class: 'downloads' });
    if (row.pdf) downloads.append(this.downloadButton(row.pdf.key, 'PDF', ` of ${row.title}`));
    if (row.html) {
      downloads.append(this.downloadButton(row.html.key, 'Web page', ` version of ${row.title}`));
    }
    return element(
      'tr',
      {},
      element('th', { scope: 'row' }, row.title),
      element('td', {}, row.asOf ? formatMonthYear(row.asOf) : NOT_RECORDED),
      element('td', {}, row.generatedAt ? generatedTime(row.generatedAt) : NOT_RECORDED),
      element('td', {}, size),
      downloads,
    );
  }

  /** A button whose visible label starts its accessible name (WCAG 2.5.3), with context after. */
  private downloadButton(key: string, label: string, context: string): HTMLButtonElement {
    const button = element(
      'button',
      { type: 'button', class: 'button', 'data-key': key },
      label,
      hidden(context),
    );
    button.addEventListener('click', () => this.download(button, key));
    return button;
  }

  private async download(button: HTMLButtonElement, key: string): Promise<void> {
    this.error.replaceChildren();
    button.setAttribute('aria-disabled', 'true');
    try {
      const link = await this.api.downloadLink(key);
      const anchor = element('a', { href: link.url, download: '' });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (problem) {
      if (problem instanceof SignInRequired) {
        this.showSignIn();
        return;
      }
      this.showError(`The download did not start: ${(problem as Error).message}`);
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }
}

async function main(): Promise<void> {
  const response = await fetch('config.json', { cache: 'no-store' });
  const config = (await response.json()) as SiteConfig;
  const api = new ReportsApiClient(config, {
    fetch: (input, init) => fetch(input, init),
    storage: sessionStorage,
    pageUrl: location.href,
  });
  await new ClerksPage(api, config).start();
}

main().catch((problem: unknown) => {
  const error = document.getElementById('error');
  error?.replaceChildren(
    element('p', {}, `The page could not start: ${(problem as Error).message}`),
  );
});
