// Teams' file consent flow for a personal chat: the consent card, the checked answer, the upload to the user's OneDrive, the file card.
import type { Attachment, FileConsentCardResponse } from "botbuilder";
import { z } from "zod";

export const FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info";

/** What the consent card carries back to the bot: the pack asked for, so the file is written when it is accepted. */
export const packConsentContext = z
  .object({
    kind: z.literal("committeePack"),
    planText: z.string().max(200),
    asOfDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  })
  .strict();
export type PackConsentContext = z.infer<typeof packConsentContext>;

/** An upload address Teams may give: https (the user's OneDrive), or plain http on this machine (the local simulator). */
const uploadUrl = z
  .string()
  .url()
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  }, "must be https, or http on this machine (the local simulator)");

const consentAnswer = z.object({
  action: z.enum(["accept", "decline"]),
  context: packConsentContext,
  uploadInfo: z
    .object({
      name: z.string().min(1).max(260),
      uploadUrl,
      contentUrl: z.string().url(),
      uniqueId: z.string().min(1).max(200),
      fileType: z.string().max(20).default("docx"),
    })
    .optional(),
});
export type ConsentAnswer = z.infer<typeof consentAnswer>;

/** The user's answer, checked: the context must be ours and an accepted upload must name where to put the file. */
export function readConsentAnswer(value: FileConsentCardResponse | undefined): { ok: true; answer: ConsentAnswer } | { ok: false; problem: string } {
  const parsed = consentAnswer.safeParse(value);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ") };
  if (parsed.data.action === "accept" && !parsed.data.uploadInfo) return { ok: false, problem: "uploadInfo: required when the file is accepted" };
  return { ok: true, answer: parsed.data };
}

export function fileConsentCard(name: string, description: string, sizeInBytes: number, context: PackConsentContext): Attachment {
  return {
    contentType: FILE_CONSENT_TYPE,
    name,
    content: { description, sizeInBytes, acceptContext: context, declineContext: context },
  };
}

export function fileInfoCard(info: NonNullable<ConsentAnswer["uploadInfo"]>): Attachment {
  return { contentType: FILE_INFO_TYPE, contentUrl: info.contentUrl, name: info.name, content: { uniqueId: info.uniqueId, fileType: info.fileType } };
}

export class UploadFailedError extends Error {
  override name = "UploadFailedError";
}

/**
 * Puts the file in the upload session Teams opened, in one request (files under 4 MB may go whole). Its own deadline:
 * a stalled upload must not hold the turn.
 */
export async function uploadFile(url: string, bytes: Buffer, timeoutMs = 30_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "PUT",
      headers: { "Content-Length": String(bytes.length), "Content-Range": `bytes 0-${bytes.length - 1}/${bytes.length}` },
      body: bytes,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new UploadFailedError(`the upload did not complete: ${(e as Error).message}`);
  }
  if (!response.ok) throw new UploadFailedError(`the upload was refused (HTTP ${response.status})`);
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
