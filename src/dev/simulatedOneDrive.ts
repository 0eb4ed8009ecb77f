// Local mode only: the user's OneDrive as Teams uses it: an upload session per file accepted in the consent flow, files people send the bot, and each file to read back.
import { randomUUID } from "node:crypto";

/** The path files are uploaded to and read from, under the app's own (loopback) address. */
export const FILES_PATH = "/_sim/files";

/** A file as Teams describes it in a file consent answer (`uploadInfo`). */
export interface SimUploadInfo {
  readonly name: string;
  readonly uploadUrl: string;
  readonly contentUrl: string;
  readonly uniqueId: string;
  readonly fileType: string;
}

interface StoredFile {
  readonly name: string;
  bytes: Buffer | null;
  uploads: number;
}

export class SimulatedOneDrive {
  private readonly files = new Map<string, StoredFile>();

  /** Opens an upload session for a file the user accepted, as Teams does before sending the bot `fileConsent/invoke`. */
  open(name: string, baseUrl: string): SimUploadInfo {
    const uniqueId = randomUUID();
    this.files.set(uniqueId, { name, bytes: null, uploads: 0 });
    const url = `${baseUrl.replace(/\/+$/, "")}${FILES_PATH}/${uniqueId}`;
    return { name, uploadUrl: url, contentUrl: url, uniqueId, fileType: name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : "" };
  }

  /** A file a person sends the bot (an attachment in chat): stored at once, its address handed to the bot as Teams' download link. */
  share(name: string, bytes: Buffer, baseUrl: string): string {
    const uniqueId = randomUUID();
    this.files.set(uniqueId, { name, bytes, uploads: 0 });
    return `${baseUrl.replace(/\/+$/, "")}${FILES_PATH}/${uniqueId}`;
  }

  /** Stores an upload; false when no session has that id (a made-up address is refused, as OneDrive would). */
  receive(uniqueId: string, bytes: Buffer): boolean {
    const file = this.files.get(uniqueId);
    if (!file) return false;
    file.bytes = bytes;
    file.uploads++;
    return true;
  }

  /** The uploaded file, or null when nothing was uploaded to that id. */
  file(uniqueId: string): { name: string; bytes: Buffer; uploads: number } | null {
    const f = this.files.get(uniqueId);
    return f && f.bytes ? { name: f.name, bytes: f.bytes, uploads: f.uploads } : null;
  }

  /** Every upload session: what the playground lists. */
  list(): { uniqueId: string; name: string; uploaded: boolean; bytes: number }[] {
    return [...this.files.entries()].map(([uniqueId, f]) => ({ uniqueId, name: f.name, uploaded: f.bytes !== null, bytes: f.bytes?.length ?? 0 }));
  }

  reset(): void {
    this.files.clear();
  }
}
