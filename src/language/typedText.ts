// How typed text is folded before any parsing: pure, so the parsers need nothing from botbuilder.
/** Folds what phones and Word put in typed text (curly quotes, dashes, odd spaces) to plain ASCII forms, and drops a leading "Plan Pulse". */
export function foldTyping(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032`\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00A0\u2000-\u200B\u202F]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^@?plan ?pulse\b[,:]?\s*/i, "");
}
