import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { PDF_LOAD_FAST, PDF_SAVE_FAST } from './pdf-speed.js';

/**
 * Replaces the titles of a PDF's bookmarks, in document order, with the page's heading texts.
 * Chrome builds each bookmark title from the heading's laid-out text runs, so a heading that
 * wraps loses the spaces at its line ends ("Multi AgencySafeguarding") and some headings come
 * out twice; the DOM's text is what the heading says. Leaves the PDF as it is when the number
 * of bookmarks and headings differ (nothing to match them by). Returns the page count too, as
 * the document is parsed here anyway.
 */
export async function retitleOutline(
  pdf: Uint8Array,
  headings: readonly string[],
): Promise<{ pdf: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ...PDF_LOAD_FAST });
  const pages = doc.getPageCount();
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return { pdf, pages };
  const items: PDFDict[] = [];
  const walk = (first: unknown) => {
    for (let ref = first; ref instanceof PDFRef; ) {
      const item = doc.context.lookup(ref, PDFDict);
      items.push(item);
      walk(item.get(PDFName.of('First')));
      ref = item.get(PDFName.of('Next'));
    }
  };
  walk(outlines.get(PDFName.of('First')));
  if (items.length !== headings.length) return { pdf, pages };
  items.forEach((item, i) => {
    item.set(PDFName.of('Title'), PDFHexString.fromText(headings[i]!.replace(/\s+/g, ' ').trim()));
  });
  return { pdf: await doc.save({ useObjectStreams: false, ...PDF_SAVE_FAST }), pages };
}
