import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  type PDFPageLeaf,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { PDF_LOAD_FAST, PDF_SAVE_FAST } from './pdf-speed.js';

/** One document to put into the merged PDF, and the bookmark that leads to it. */
export interface MergePart {
  readonly pdf: Uint8Array;
  /** The top-level bookmark for this part; its own bookmarks nest under it. */
  readonly bookmark: string;
}

export interface MergeOptions {
  readonly title: string;
  /** BCP 47, e.g. en-GB. */
  readonly lang: string;
}

const name = (n: string) => PDFName.of(n);

/** A number tree's entries, flattening /Kids (Chrome writes a flat /Nums; others may not). */
function numberTreeEntries(doc: PDFDocument, tree: PDFDict | undefined): [number, unknown][] {
  if (!tree) return [];
  const out: [number, unknown][] = [];
  const nums = tree.lookupMaybe(name('Nums'), PDFArray);
  if (nums) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      out.push([(nums.lookup(i, PDFNumber) as PDFNumber).asNumber(), nums.get(i + 1)]);
    }
  }
  const kids = tree.lookupMaybe(name('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i += 1) {
    out.push(...numberTreeEntries(doc, kids.lookup(i, PDFDict)));
  }
  return out;
}

/** A name tree's entries (the IDTree), flattening /Kids. */
function nameTreeEntries(tree: PDFDict | undefined): [string, unknown][] {
  if (!tree) return [];
  const out: [string, unknown][] = [];
  const names = tree.lookupMaybe(name('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.lookup(i) as PDFString | PDFHexString;
      out.push([key.decodeText(), names.get(i + 1)]);
    }
  }
  const kids = tree.lookupMaybe(name('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i += 1) {
    out.push(...nameTreeEntries(kids.lookup(i, PDFDict)));
  }
  return out;
}

/**
 * Merges Chrome's tagged PDFs into one document that stays tagged: pages, structure tree
 * (renumbering the parent tree and element IDs so parts cannot collide), link annotations
 * and bookmarks (each part's headings nested under a bookmark for the part), with the
 * title, language and "display the title" set as accessibility checkers expect. pdf-lib's
 * own page copy drops the structure tree, which is why the copy is done here, object by
 * object, with one copier per part so that pages, annotations and structure elements that
 * refer to each other are copied once.
 */
export async function mergeTaggedPdfs(
  parts: readonly MergePart[],
  options: MergeOptions,
): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const ctx = out.context;
  const rootRef = ctx.nextRef();
  const documentRef = ctx.nextRef();
  const outlinesRef = ctx.nextRef();
  const documentKids: PDFRef[] = [];
  const parentTreeNums: (PDFNumber | unknown)[] = [];
  const idNames: [string, PDFRef][] = [];
  const outlineItems: { ref: PDFRef; count: number }[] = [];
  let structOffset = 0;

  for (const [index, part] of parts.entries()) {
    const src = await PDFDocument.load(part.pdf, { updateMetadata: false, ...PDF_LOAD_FAST });
    const copier = PDFObjectCopier.for(src.context, ctx);
    const srcPages = src.getPages();
    const pageRefs: PDFRef[] = [];
    for (const page of srcPages) {
      const ref = copier.copy(page.ref);
      const leaf = ctx.lookup(ref) as PDFPageLeaf;
      out.addPage(PDFPage.of(leaf, ref, out));
      pageRefs.push(ref);
      const structParents = leaf.lookupMaybe(name('StructParents'), PDFNumber);
      if (structParents)
        leaf.set(name('StructParents'), PDFNumber.of(structParents.asNumber() + structOffset));
      const annots = leaf.lookupMaybe(name('Annots'), PDFArray);
      for (let i = 0; annots && i < annots.size(); i += 1) {
        const annot = annots.lookup(i, PDFDict);
        const sp = annot.lookupMaybe(name('StructParent'), PDFNumber);
        if (sp) annot.set(name('StructParent'), PDFNumber.of(sp.asNumber() + structOffset));
      }
    }

    const srcRoot = src.catalog.lookupMaybe(name('StructTreeRoot'), PDFDict);
    if (srcRoot) {
      const kids = srcRoot.get(name('K'));
      const kidRefs: PDFRef[] = [];
      const collect = (value: unknown) => {
        if (value instanceof PDFRef) kidRefs.push(value);
        else if (value instanceof PDFArray)
          for (let i = 0; i < value.size(); i += 1) collect(value.get(i));
      };
      collect(kids);
      for (const kid of kidRefs) {
        // The top element's parent is the source's root; cut it so the copy stops here.
        src.context.lookup(kid, PDFDict).delete(name('P'));
        const copied = copier.copy(kid);
        const element = ctx.lookup(copied, PDFDict);
        element.set(name('P'), documentRef);
        if (element.get(name('S')) === name('Document')) {
          element.set(name('S'), name('Part'));
          element.set(name('T'), PDFHexString.fromText(part.bookmark));
        }
        documentKids.push(copied);
      }
      const entries = numberTreeEntries(src, srcRoot.lookupMaybe(name('ParentTree'), PDFDict));
      let next = srcRoot.lookupMaybe(name('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
      for (const [key, value] of entries) {
        parentTreeNums.push(PDFNumber.of(key + structOffset), copier.copy(value as never));
        next = Math.max(next, key + 1);
      }
      const prefix = `part${String(index).padStart(3, '0')}-`;
      for (const [id, ref] of nameTreeEntries(srcRoot.lookupMaybe(name('IDTree'), PDFDict))) {
        if (!(ref instanceof PDFRef)) continue;
        const copied = copier.copy(ref);
        ctx.lookup(copied, PDFDict).set(name('ID'), PDFString.of(prefix + id));
        idNames.push([prefix + id, copied]);
      }
      structOffset += next;
    }

    const partItemRef = ctx.nextRef();
    const partItem = ctx.obj({
      Title: PDFHexString.fromText(part.bookmark),
      Parent: outlinesRef,
      Dest: [pageRefs[0]!, name('Fit')],
    });
    const srcOutlines = src.catalog.lookupMaybe(name('Outlines'), PDFDict);
    const first = srcOutlines?.get(name('First'));
    const last = srcOutlines?.get(name('Last'));
    let count = 0;
    if (srcOutlines && first instanceof PDFRef && last instanceof PDFRef) {
      // Re-parent the part's own top-level bookmarks under the part's bookmark.
      const tops: PDFRef[] = [];
      for (let ref: PDFRef | undefined = first; ref; ) {
        tops.push(ref);
        const item: PDFDict = src.context.lookup(ref, PDFDict);
        item.delete(name('Parent'));
        const n: unknown = item.get(name('Next'));
        ref = n instanceof PDFRef ? n : undefined;
      }
      for (const top of tops)
        ctx.lookup(copier.copy(top), PDFDict).set(name('Parent'), partItemRef);
      partItem.set(name('First'), copier.copy(first));
      partItem.set(name('Last'), copier.copy(last));
      count = srcOutlines.lookupMaybe(name('Count'), PDFNumber)?.asNumber() ?? tops.length;
      partItem.set(name('Count'), PDFNumber.of(Math.abs(count)));
    }
    ctx.assign(partItemRef, partItem);
    outlineItems.push({ ref: partItemRef, count: Math.abs(count) });
  }

  outlineItems.forEach((item, i) => {
    const dict = ctx.lookup(item.ref, PDFDict);
    if (i > 0) dict.set(name('Prev'), outlineItems[i - 1]!.ref);
    if (i < outlineItems.length - 1) dict.set(name('Next'), outlineItems[i + 1]!.ref);
  });
  ctx.assign(
    outlinesRef,
    ctx.obj({
      Type: 'Outlines',
      First: outlineItems[0]!.ref,
      Last: outlineItems.at(-1)!.ref,
      Count: outlineItems.reduce((sum, item) => sum + 1 + item.count, 0),
    }),
  );

  ctx.assign(
    documentRef,
    ctx.obj({
      Type: 'StructElem',
      S: 'Document',
      Lang: PDFString.of(options.lang),
      P: rootRef,
      K: documentKids,
    }),
  );
  idNames.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  ctx.assign(
    rootRef,
    ctx.obj({
      Type: 'StructTreeRoot',
      K: documentRef,
      ParentTree: ctx.obj({ Nums: parentTreeNums as never }),
      ParentTreeNextKey: structOffset,
      IDTree: ctx.obj({ Names: idNames.flatMap(([id, ref]) => [PDFString.of(id), ref]) }),
    }),
  );

  const catalog = out.catalog;
  catalog.set(name('StructTreeRoot'), rootRef);
  catalog.set(name('MarkInfo'), ctx.obj({ Type: 'MarkInfo', Marked: true }));
  catalog.set(name('Outlines'), outlinesRef);
  catalog.set(name('PageMode'), name('UseOutlines'));
  out.setTitle(options.title, { showInWindowTitleBar: true });
  out.setLanguage(options.lang);
  out.setCreator('panelpack');
  out.setProducer('panelpack (Chromium, pdf-lib)');
  return out.save({ useObjectStreams: false, ...PDF_SAVE_FAST });
}
