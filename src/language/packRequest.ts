// Reads a request for the committee pack: "committee pack for the WSOA", "… as at 30 September", "… for all plans".
import { commandText, MONTH_PATTERN, MONTH_WORDS } from "./lexicon";
import { planText } from "./planText";
import type { Vocabulary } from "./vocabulary";
import { londonDate, toIsoDate } from "../domain/londonTime";

/** `planText` "" means every plan; `asOfDate` null means today. */
export type PackRequest =
  | { readonly kind: "pack"; readonly planText: string; readonly asOfDate: string | null }
  | { readonly kind: "invalid"; readonly message: string };

const EXAMPLE = "“committee pack for the WSOA”, “committee pack for the WSOA as at 30 September” or “committee pack for all plans”";
const HEAD = /^(?:(?:please )?(?:send|give|make|write|get|create|produce|prepare)(?: me| us)? (?:the |a )?)?(?:committee|scrutiny|dmt|report)(?: report)? packs?\b\s*(.*)$/;
const MONTH = `(${MONTH_PATTERN})`;

export function parsePackRequest(text: string, options: { readonly now: Date; readonly vocabulary: Vocabulary }): PackRequest | null {
  const s = commandText(text).toLowerCase().replace(/\s+/g, " ").trim();
  const head = HEAD.exec(s);
  if (!head) return null;
  let rest = head[1]!.replace(/[.,!?]+$/, "").trim();
  let asOfDate: string | null = null;
  // The last "as at …" whose words look like a date: "for the WSOA as at 30 September".
  const at = [...rest.matchAll(/(?:^|\s)(?:as at|as of|at|on|for) /g)].reverse().find((m) => looksLikeDate(rest.slice(m.index + m[0].length)));
  if (at) {
    const written = rest.slice(at.index + at[0].length);
    const date = readDate(written, londonDate(options.now));
    if (date === null) return { kind: "invalid", message: `I couldn't read “${written}” as a date. Try ${EXAMPLE}.` };
    asOfDate = date;
    rest = rest.slice(0, at.index).trim();
  }
  if (rest === "") return { kind: "pack", planText: "", asOfDate };
  const plan = /^(?:for|of|on)\s+(.+)$/.exec(rest);
  const named = plan ? planText(plan[1]!, { vocabulary: options.vocabulary, allowEvery: true }) : null;
  if (named === null) return { kind: "invalid", message: `I couldn't tell which plan “${rest}” means. Try ${EXAMPLE}.` };
  return { kind: "pack", planText: named, asOfDate };
}

function looksLikeDate(s: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(s) || new RegExp(`(?:^|\\s)${MONTH}(?:\\s|,|$)`).test(s) || /^today$/.test(s);
}

/** "30 September", "September 30th 2020", "2020-09-30", "30/09/2020"; a day and month without a year is the last one that came round. */
function readDate(s: string, today: string): string | null {
  if (s === "today") return today;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return toIsoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(s);
  if (m) return dayMonth(Number(m[1]), Number(m[2]), m[3], today);
  m = new RegExp(`^(?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH},?(?: (\\d{4}))?$`).exec(s);
  if (m) return dayMonth(Number(m[1]), MONTH_WORDS[m[2]!]!, m[3], today);
  m = new RegExp(`^${MONTH} (?:the )?(\\d{1,2})(?:st|nd|rd|th)?,?(?: (\\d{4}))?$`).exec(s);
  if (m) return dayMonth(Number(m[2]), MONTH_WORDS[m[1]!]!, m[3], today);
  return null;
}

function dayMonth(day: number, month: number, yearText: string | undefined, today: string): string | null {
  if (yearText !== undefined) return toIsoDate(yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText), month, day);
  const year = Number(today.slice(0, 4));
  const iso = toIsoDate(year, month, day);
  return iso !== null && iso > today ? toIsoDate(year - 1, month, day) : iso;
}
