/**
 * Reads a PDF back the way a reader or an accessibility checker would (pdfjs, no native
 * tools): each page's text with whitespace collapsed (so a sentence that wraps reads as one
 * line), the document title and language, whether it is tagged, and its bookmarks.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface Bookmark {
  readonly title: string;
  readonly page: number;
  readonly items: readonly Bookmark[];
}

export interface PdfContents {
  readonly pages: readonly string[];
  /** All pages' text joined with single spaces. */
  readonly text: string;
  readonly title: string | undefined;
  readonly lang: string | undefined;
  readonly tagged: boolean;
  readonly bookmarks: readonly Bookmark[];
  /** The root roles of page 1's structure tree (e.g. Document). */
  readonly structureRoles: readonly string[];
}

/** Typographic quotes as plain ones, so expected text can be typed plainly. */
export const plain = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n += 1) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(plain(content.items.map((i) => ('str' in i ? i.str : '')).join(' ')));
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string; Language?: string };
    const mark = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
    const pageOf = async (dest: unknown): Promise<number> => {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
      if (!Array.isArray(explicit) || explicit.length === 0) return 0;
      return (await doc.getPageIndex(explicit[0])) + 1;
    };
    type Item = { title: string; dest: unknown; items: Item[] };
    const walk = async (items: Item[]): Promise<Bookmark[]> =>
      Promise.all(
        items.map(async (i) => ({
          title: plain(i.title),
          page: await pageOf(i.dest),
          items: await walk(i.items),
        })),
      );
    const outline = ((await doc.getOutline()) ?? []) as unknown as Item[];
    const tree = (await (await doc.getPage(1)).getStructTree()) as {
      children?: { role: string }[];
    } | null;
    return {
      pages,
      text: pages.join(' '),
      title: info.Title,
      lang: info.Language,
      tagged: mark?.Marked === true,
      bookmarks: await walk(outline),
      structureRoles: (tree?.children ?? []).map((c) => c.role),
    };
  } finally {
    await doc.destroy();
  }
}

/** Every bookmark title, depth first. */
export function bookmarkTitles(bookmarks: readonly Bookmark[]): string[] {
  return bookmarks.flatMap((b) => [b.title, ...bookmarkTitles(b.items)]);
}
