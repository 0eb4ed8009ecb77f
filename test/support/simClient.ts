// Talks to a running Plan Pulse through the local channel simulator's front door, as the playground does.

export interface SimActivity {
  seq: number;
  operation: string;
  conversationKey: string;
  activityId: string;
  replyToId?: string;
  activity?: { type?: string; text?: string; attachments?: { contentType: string; content: unknown; name?: string; contentUrl?: string }[]; [k: string]: unknown };
}

export interface SimSendResult {
  status: number;
  invokeResponse?: { statusCode?: number; type?: string; value?: unknown };
  error?: string;
  activities: SimActivity[];
}

export async function simSend(
  baseUrl: string,
  body: {
    as: string;
    conversation: "personal" | "dmt";
    text?: string;
    file?: { name: string; contentBase64: string };
    invoke?: { verb: string; data?: Record<string, unknown>; replyToId: string };
    fileConsent?: { replyToId: string; action: "accept" | "decline" };
  },
): Promise<SimSendResult> {
  const res = await fetch(`${baseUrl}/_sim/api/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as SimSendResult;
  if (res.status >= 400) throw new Error(`simulator refused the send (${res.status}): ${JSON.stringify(json)}`);
  return json;
}

/** The Adaptive Cards in the bot's replies. */
export function cardsOf(result: SimSendResult): unknown[] {
  return result.activities.flatMap((a) =>
    (a.activity?.attachments ?? []).filter((x) => x.contentType === "application/vnd.microsoft.card.adaptive").map((x) => x.content),
  );
}

export function textsOf(result: SimSendResult): string[] {
  return result.activities.map((a) => a.activity?.text).filter((t): t is string => typeof t === "string" && t.length > 0);
}
