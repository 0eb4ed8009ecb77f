// A weekly rule as stored in a JSON column (a channel's reminders, the organisation's DMT), checked on reading.
import { z } from "zod";
import { parseStoredRecurrence, validateRecurrence, type Recurrence } from "../domain/recurrence";

/** A stored weekly rule, checked by the same rules that accept one from a plan admin. */
export const storedRecurrence = z.unknown().transform((value, ctx): Recurrence => {
  const rule = parseStoredRecurrence(value);
  if (rule === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: validateRecurrence(value).join(" ") || "not a schedule" });
  return rule ?? z.NEVER;
});
