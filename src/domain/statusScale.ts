// Status scales (RAG, RAGB, RAGBP) as the council's plans use them, plus "no update yet".

export const STATUS_CODES = ["red", "amber", "green", "blue", "pink", "none"] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export const SCALE_NAMES = ["RAG", "RAGB", "RAGBP"] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export interface StatusDefinition {
  readonly code: StatusCode;
  /** Short label as the plan prints it, e.g. "Delayed". */
  readonly label: string;
  /** What the status means in this plan, as the plan defines it. */
  readonly definition: string;
}

export interface StatusScale {
  readonly name: ScaleName;
  /** Every status the plan allows, in severity order (worst first), always ending with "none". */
  readonly statuses: readonly StatusDefinition[];
}

const DEFAULTS: Record<Exclude<StatusCode, "none">, StatusDefinition> = {
  red: { code: "red", label: "Delayed", definition: "Action to be started or significantly delayed" },
  amber: { code: "amber", label: "In progress", definition: "Action in progress" },
  green: { code: "green", label: "On track", definition: "Action on track" },
  blue: { code: "blue", label: "Completed", definition: "Completed and embedded" },
  pink: {
    code: "pink",
    label: "To be started",
    definition: "Action not yet started, as dependent on or awaiting other actions to be completed first",
  },
};

export const NO_UPDATE: StatusDefinition = {
  code: "none",
  label: "No update yet",
  definition: "No status has been reported for this action yet",
};

const SCALE_CODES: Record<ScaleName, readonly Exclude<StatusCode, "none">[]> = {
  RAG: ["red", "amber", "green"],
  RAGB: ["red", "amber", "green", "blue"],
  RAGBP: ["red", "amber", "pink", "green", "blue"],
};

/** Severity order used to sort lists worst first. Lower is worse. */
const SEVERITY: Record<StatusCode, number> = { red: 0, amber: 1, pink: 2, none: 3, green: 4, blue: 5 };

export function severity(code: StatusCode): number {
  return SEVERITY[code];
}

/** A scale with the standard labels; a plan may override labels and definitions with its own wording. */
export function standardScale(name: ScaleName, overrides: readonly Partial<StatusDefinition>[] = []): StatusScale {
  const statuses = SCALE_CODES[name].map((code) => {
    const o = overrides.find((d) => d.code === code);
    return { ...DEFAULTS[code], ...o, code };
  });
  return { name, statuses: [...statuses, NO_UPDATE] };
}

export function isInScale(scale: StatusScale, code: string): code is StatusCode {
  return scale.statuses.some((s) => s.code === code);
}

export function statusDefinition(scale: StatusScale, code: StatusCode): StatusDefinition {
  return scale.statuses.find((s) => s.code === code) ?? (code === "none" ? NO_UPDATE : { ...DEFAULTS[code] });
}

/** Display name of a status, e.g. "Amber – In progress"; never colour alone. */
export function statusTitle(scale: StatusScale, code: StatusCode): string {
  if (code === "none") return NO_UPDATE.label;
  const d = statusDefinition(scale, code);
  return `${code[0]!.toUpperCase()}${code.slice(1)} – ${d.label}`;
}

/** Completed work is never overdue, stale or awaiting an update. Blue is the plans' "completed". */
export function isCompleted(code: StatusCode): boolean {
  return code === "blue";
}
