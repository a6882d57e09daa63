import { z } from 'zod';
import type { ObjectStore } from '../store/index.js';
import type { RenderedAgendaPack, RenderedReport } from './index.js';

/** Each meeting folder's description of its documents, beside them. */
export const MANIFEST_FILE = 'manifest.json';

const documentSchema = z.object({
  reportId: z.string(),
  title: z.string(),
  /** The report tables' build month the figures come from, YYYY-MM. */
  asOf: z.string(),
  pages: z.number().int(),
  pdfKey: z.string(),
  htmlKey: z.string(),
  generatedAt: z.string(),
});

const manifestSchema = z.object({
  laCode: z.string(),
  committeeId: z.string(),
  committee: z.string(),
  meetingDate: z.string(),
  documents: z.array(documentSchema),
});

/** What the clerks' page shows about one meeting's papers. */
export type MeetingManifest = z.infer<typeof manifestSchema>;
export type ManifestDocument = z.infer<typeof documentSchema>;

const folderOf = (key: string) => key.slice(0, key.lastIndexOf('/'));

/** Reads a meeting folder's manifest; undefined when there is none or it is unreadable. */
export async function readManifest(
  store: ObjectStore,
  folder: string,
): Promise<MeetingManifest | undefined> {
  const bytes = await store.get(`${folder}/${MANIFEST_FILE}`);
  if (!bytes) return undefined;
  try {
    return manifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Records what a render wrote in each meeting folder's manifest (title, data month, pages,
 * time), replacing earlier entries for the same documents and keeping the others, so the
 * clerks' page can list papers without opening them.
 */
export async function recordRendered(
  store: ObjectStore,
  reports: readonly RenderedReport[],
  packs: readonly RenderedAgendaPack[],
  now: Date = new Date(),
): Promise<string[]> {
  const generatedAt = now.toISOString();
  const entries = [
    ...reports.map((r) => ({ meeting: r, document: { reportId: r.reportId, title: r.title } })),
    ...packs.map((p) => ({
      meeting: p,
      document: { reportId: 'agenda-pack', title: `${p.committee}: agenda pack` },
    })),
  ];
  const folders = new Map<string, typeof entries>();
  for (const entry of entries) {
    const folder = folderOf(entry.meeting.pdfKey);
    folders.set(folder, [...(folders.get(folder) ?? []), entry]);
  }
  const written: string[] = [];
  for (const [folder, items] of folders) {
    const first = items[0]!.meeting;
    const previous = await readManifest(store, folder);
    const fresh = items.map(({ meeting, document }) => ({
      ...document,
      asOf: meeting.asOf,
      pages: meeting.pages,
      pdfKey: meeting.pdfKey,
      htmlKey: meeting.htmlKey,
      generatedAt,
    }));
    const replaced = new Set(fresh.map((d) => d.reportId));
    const manifest: MeetingManifest = {
      laCode: first.laCode,
      committeeId: first.committeeId,
      committee: first.committee,
      meetingDate: first.meetingDate,
      documents: [
        ...(previous?.documents ?? []).filter((d) => !replaced.has(d.reportId)),
        ...fresh,
      ],
    };
    const key = `${folder}/${MANIFEST_FILE}`;
    await store.put(key, `${JSON.stringify(manifest, null, 2)}\n`);
    written.push(key);
  }
  return written;
}
