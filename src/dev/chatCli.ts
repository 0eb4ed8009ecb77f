// `npm run chat -- --as <who> [--channel] [--url <url>] "<message>"`: talk to a local Plan Pulse as a demo person, from a terminal.

import { normaliseLead } from "../domain/person";
import type { DevPerson, RecordedActivity } from "./channelSimulator";
import { cardToText } from "./cardText";
import type { SendResult } from "./simulatorFrontDoor";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "./teamsActivity";

export interface ChatIo {
  out(line: string): void;
  err(line: string): void;
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
}

export interface ChatArgs {
  as?: string;
  channel: boolean;
  install: boolean;
  url: string;
  text: string;
  help: boolean;
}

export const CHAT_USAGE = [
  'Usage: npm run chat -- [--as <aadObjectId|role|name>] [--channel] [--url <url>] "<message>"',
  "       npm run chat -- [--as <who>] [--channel] --install",
  "",
  "  --as       who is speaking: an aadObjectId, a role, or part of a name or role (default: the Director of Children's Services)",
  "  --channel  say it in the DMT team channel (with @Plan Pulse) instead of the personal chat",
  "  --install  tell the bot it was installed there (lets it post proactively)",
  "  --url      where Plan Pulse runs (default http://127.0.0.1:$PORT, PORT defaulting to 3978)",
  "",
  "Try: help, what's red?, tell me about 3.2c",
].join("\n");

export class UsageError extends Error {}

export function parseChatArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ChatArgs {
  const host = env.HOST && !["0.0.0.0", "::"].includes(env.HOST) ? env.HOST : "127.0.0.1";
  const args: ChatArgs = { channel: false, install: false, url: `http://${host}:${env.PORT || "3978"}`, text: "", help: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    } else if (arg === "--as") args.as = value();
    else if (arg.startsWith("--as=")) args.as = arg.slice(5);
    else if (arg === "--url") args.url = value();
    else if (arg.startsWith("--url=")) args.url = arg.slice(6);
    else if (arg === "--channel" || arg === "--dmt") args.channel = true;
    else if (arg === "--install") args.install = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg.startsWith("--")) throw new UsageError(`Unknown option ${arg}`);
    else words.push(arg);
  }
  args.url = args.url.replace(/\/+$/, "");
  args.text = words.join(" ").trim();
  if (!args.help && !args.install && args.text === "") throw new UsageError("Say something: give the message as the last argument");
  return args;
}

export type PersonMatch = { person: DevPerson } | { error: string };

/**
 * Who `--as` means: an exact aadObjectId, else an exact role, else a case-insensitive part of a name or role.
 * Without `--as`: the Director of Children's Services, the person the demo is written for.
 */
export function resolvePerson(people: readonly DevPerson[], query: string | undefined): PersonMatch {
  if (people.length === 0) return { error: "The people directory is empty: has the demo data been seeded?" };
  if (query === undefined) {
    const director = people.find((p) => p.roles.some((r) => normaliseLead(r).includes("director of children")));
    return { person: director ?? people[0] };
  }
  const byId = people.find((p) => p.aadObjectId === query);
  if (byId) return { person: byId };
  const q = normaliseLead(query);
  if (q === "") return { error: "--as is empty" };
  const exact = people.filter((p) => p.roles.some((r) => normaliseLead(r) === q) || normaliseLead(p.name) === q);
  const matches = exact.length > 0 ? exact : people.filter((p) => [p.name, ...p.roles].some((x) => normaliseLead(x).includes(q)));
  if (matches.length === 1) return { person: matches[0] };
  if (matches.length === 0) {
    return { error: [`Nobody matches --as "${query}". People:`, ...people.map(describePerson)].join("\n") };
  }
  return { error: [`--as "${query}" matches ${matches.length} people; be more specific:`, ...matches.map(describePerson)].join("\n") };
}

function describePerson(p: DevPerson): string {
  return `  ${p.name} — ${p.roles.join(", ") || "no role"} (${p.aadObjectId})`;
}

/** One activity from the bot as text: its text, then each attachment (Adaptive Cards rendered as text). */
export function activityText(activity: Record<string, unknown> | undefined): string {
  if (!activity) return "";
  const parts: string[] = [];
  if (typeof activity.text === "string" && activity.text.trim() !== "") parts.push(activity.text.trim());
  for (const attachment of Array.isArray(activity.attachments) ? activity.attachments : []) {
    if (typeof attachment !== "object" || attachment === null) continue;
    const { contentType, content } = attachment as { contentType?: unknown; content?: unknown };
    if (contentType === ADAPTIVE_CARD_CONTENT_TYPE) parts.push(cardToText(content));
    else parts.push(`[attachment: ${String(contentType)}]`);
  }
  return parts.join("\n\n");
}

/** What a transcript line says about one recorded activity; undefined for ones a person would not see (typing). */
export function describeRecord(record: RecordedActivity): string | undefined {
  switch (record.operation) {
    case "delete":
      return "(Plan Pulse deleted a message)";
    case "update":
      return `(Plan Pulse updated a message)\n${indent(activityText(record.activity))}`;
    case "send":
    case "reply":
    case "create": {
      if (record.activity?.type !== "message") return undefined;
      return `Plan Pulse:\n${indent(activityText(record.activity) || "(empty message)")}`;
    }
    case "incoming":
      return undefined;
    default: {
      const never: never = record.operation;
      return String(never);
    }
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : `  ${l}`))
    .join("\n");
}

export async function runChat(argv: readonly string[], io: ChatIo): Promise<number> {
  let args: ChatArgs;
  try {
    args = parseChatArgs(argv, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\n\n${CHAT_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(CHAT_USAGE);
    return 0;
  }

  const notRunning = `Plan Pulse is not running at ${args.url}: start it with npm start`;
  let peopleResponse: globalThis.Response;
  try {
    peopleResponse = await io.fetch(`${args.url}/_sim/api/people`, { signal: AbortSignal.timeout(10_000) });
  } catch {
    io.err(notRunning);
    return 1;
  }
  if (peopleResponse.status === 404) {
    io.err(`Something answers at ${args.url} but it has no local channel simulator: is Plan Pulse running in local mode?`);
    return 1;
  }
  if (!peopleResponse.ok) {
    io.err(`Could not list people at ${args.url}: HTTP ${peopleResponse.status} ${await peopleResponse.text()}`);
    return 1;
  }
  const { people } = (await peopleResponse.json()) as { people: DevPerson[] };
  const match = resolvePerson(people, args.as);
  if ("error" in match) {
    io.err(match.error);
    return 2;
  }
  const conversation = args.channel ? "dmt" : "personal";
  const where = args.channel ? "the DMT channel" : "a personal chat";

  const request = args.install
    ? { path: "install", body: { as: match.person.aadObjectId, conversation } }
    : { path: "send", body: { as: match.person.aadObjectId, conversation, text: args.text } };
  io.out(
    args.install
      ? `${match.person.name} installs Plan Pulse in ${where}`
      : `${match.person.name} (${match.person.roles.join(", ")}) in ${where}: ${args.text}`,
  );
  let sendResponse: globalThis.Response;
  try {
    sendResponse = await io.fetch(`${args.url}/_sim/api/${request.path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    io.err(notRunning);
    return 1;
  }
  if (!sendResponse.ok) {
    io.err(`The simulator refused the message: HTTP ${sendResponse.status} ${await sendResponse.text()}`);
    return 1;
  }
  const result = (await sendResponse.json()) as SendResult;
  const lines = result.activities.map(describeRecord).filter((l): l is string => l !== undefined);
  for (const line of lines) io.out(`\n${line}`);
  if (result.status >= 400) {
    io.err(`\nPlan Pulse answered HTTP ${result.status}${result.error ? `: ${result.error}` : ""}`);
    return 1;
  }
  if (lines.length === 0) io.out("\n(no reply)");
  return 0;
}

if (require.main === module) {
  runChat(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fetch,
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
