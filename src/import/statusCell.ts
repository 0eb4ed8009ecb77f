// Reads a RAG cell, written as a word, a letter, a label from the plan's scale, or only as the cell's colour.
import { foldName } from "../language/lexicon";
import type { StatusCode, StatusScale } from "../domain/statusScale";

const WORDS: Readonly<Record<string, StatusCode>> = {
  r: "red",
  red: "red",
  a: "amber",
  amber: "amber",
  "amber red": "red",
  "red amber": "amber",
  "amber green": "amber",
  g: "green",
  green: "green",
  b: "blue",
  blue: "blue",
  complete: "blue",
  completed: "blue",
  p: "pink",
  pink: "pink",
  "not started": "pink",
  "to be started": "pink",
  "on track": "green",
  "in progress": "amber",
  delayed: "red",
};

// Excel's standard fills and the shades councils pick for RAG.
const FILLS: Readonly<Record<string, StatusCode>> = {
  FFFF0000: "red",
  FFC00000: "red",
  FFFFC000: "amber",
  FFFFBF00: "amber",
  FFFFA500: "amber",
  FFFFFF00: "amber",
  FF00B050: "green",
  FF92D050: "green",
  FF00FF00: "green",
  FF0070C0: "blue",
  FF00B0F0: "blue",
  FF0000FF: "blue",
  FFFF99CC: "pink",
  FFFFC0CB: "pink",
  FFFF66CC: "pink",
};

export type StatusReading =
  | { readonly kind: "blank" }
  | { readonly kind: "status"; readonly code: StatusCode; readonly fromColour: boolean }
  | { readonly kind: "notInScale"; readonly written: string };

/** The status a cell states, checked against the plan's scale: "Blue" in a RAG plan is not in the scale. */
export function readStatusCell(text: string, fill: string | null, scale: StatusScale): StatusReading {
  const folded = foldName(text);
  if (folded === "") {
    const byColour = fill ? FILLS[fill.toUpperCase()] : undefined;
    if (!byColour) return { kind: "blank" };
    return inScale(byColour, scale) ? { kind: "status", code: byColour, fromColour: true } : { kind: "notInScale", written: `a ${byColour} fill` };
  }
  const label = scale.statuses.find((s) => foldName(s.label) === folded || s.code === folded);
  const code = label?.code ?? WORDS[folded] ?? WORDS[folded.split(" ")[0] ?? ""];
  if (code === undefined || code === "none" || !inScale(code, scale)) return { kind: "notInScale", written: text.trim() };
  return { kind: "status", code, fromColour: false };
}

function inScale(code: StatusCode, scale: StatusScale): boolean {
  return scale.statuses.some((s) => s.code === code);
}
