// A file sent to the bot in a personal chat (Teams' file download info), and fetching it with a size cap and a deadline.
import { z } from "zod";
import type { Activity } from "botbuilder";
import type { FileFetcher } from "../import/importDoor";
import { DEFAULT_MAX_BYTES } from "../import/sheetGrid";

/** What Teams attaches when someone sends the bot a file (manifest `supportsFiles`). */
export const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

const fileAttachment = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().min(1).max(255),
  content: z.object({ downloadUrl: z.string().url().max(8192), fileType: z.string().max(20).optional() }).passthrough(),
});

export interface SentFile {
  readonly name: string;
  readonly downloadUrl: string;
}

/** The first file attached to the message, or null; anything not shaped as Teams sends it is ignored. */
export function sentFile(activity: Partial<Activity>): SentFile | null {
  for (const a of activity.attachments ?? []) {
    const parsed = fileAttachment.safeParse(a);
    if (parsed.success) return { name: parsed.data.name, downloadUrl: parsed.data.content.downloadUrl };
  }
  return null;
}

export interface FetchOptions {
  /** Local mode only: the simulator serves files on loopback over http. Otherwise only https. */
  readonly allowLoopback: boolean;
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/**
 * Fetches a sent file from its download link: https only (loopback http in local mode), no redirects (a link that
 * moves elsewhere is not followed), refused over the size limit by its Content-Length and again while reading.
 */
export function fileFetcher(options: FetchOptions): FileFetcher {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return async (source) => {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      return { kind: "unreadable", reason: "the file's link is not a web address" };
    }
    const loopback = LOOPBACK_HOSTS.test(url.hostname);
    if (!(url.protocol === "https:" && !loopback) && !(options.allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:"))) {
      return { kind: "unreadable", reason: "the file's link is not one Teams gives (https)" };
    }
    try {
      const res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      if (!res.ok || !res.body) return { kind: "unreadable", reason: `the file could not be fetched from Teams (HTTP ${res.status}); send it again` };
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > maxBytes) return { kind: "unreadable", reason: `the file is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit: split it or remove unused sheets` };
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > maxBytes) return { kind: "unreadable", reason: `the file is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit: split it or remove unused sheets` };
        chunks.push(Buffer.from(chunk));
      }
      return { kind: "file", bytes: Buffer.concat(chunks) };
    } catch {
      return { kind: "unreadable", reason: "the file could not be fetched from Teams in time; send it again" };
    }
  };
}
