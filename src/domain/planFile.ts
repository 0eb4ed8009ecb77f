// The project's own plan format (files under data/plans/), validated at the import boundary.
import { z } from "zod";
import { SCALE_NAMES, STATUS_CODES } from "./statusScale";

const sourceRef = z
  .object({ file: z.string(), lines: z.array(z.number().int().positive()).default([]) })
  .strict();

const statusOverride = z
  .object({ code: z.enum(STATUS_CODES), label: z.string().min(1), definition: z.string().min(1) })
  .strict();

export const planStatusScaleSchema = z
  .object({ name: z.enum(SCALE_NAMES), statuses: z.array(statusOverride).default([]) })
  .strict();

const id = z.string().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "ids use letters, digits, '.', '_' or '-'");

export const ambitionSchema = z
  .object({
    id,
    title: z.string().min(1),
    measures: z.array(z.string()).default([]),
    source: sourceRef.optional(),
  })
  .strict();

export const prioritySchema = z
  .object({
    id,
    ambitionId: id.nullable().default(null),
    title: z.string().min(1),
    outcomes: z.array(z.string()).default([]),
    source: sourceRef.optional(),
  })
  .strict();

export const actionSchema = z
  .object({
    id,
    priorityId: id.nullable().default(null),
    /** Short title where the plan gives one (the WSOA's focus area); otherwise derived from the text. */
    title: z.string().nullable().default(null),
    text: z.string(),
    /** Lead(s) as the document names them: roles, people or groups, one string each. */
    leads: z.array(z.string().min(1)).min(1),
    /** The lead cell exactly as printed, before splitting. */
    leadAsWritten: z.string(),
    /** Due date exactly as written, or null where the document gives none (the plan default applies). */
    dueDate: z.string().nullable().default(null),
    status: z.enum(STATUS_CODES).default("none"),
    evidence: z.string().nullable().default(null),
    impactMeasures: z.string().nullable().default(null),
    dependencies: z.array(id).default([]),
    notes: z.array(z.string()).default([]),
    source: sourceRef.optional(),
  })
  .strict();

export const indicatorValueSchema = z
  .object({
    /** Period as the dashboard writes it ("Q1", "2019/20 Q4", "Spring Census 2020"). */
    period: z.string().min(1),
    /** Normalised period label for display, e.g. "Q1 2020/21". */
    periodLabel: z.string().min(1),
    /** Last day the period covers (ISO date), for ordering and "as of" views. */
    periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    valueText: z.string(),
    value: z.number().nullable(),
    count: z.number().int().nullable().default(null),
    comparedToPrevious: z.string().nullable().default(null),
    direction: z.enum(["improved", "declined", "noChange", "informationOnly"]).nullable().default(null),
    quartile: z.number().int().min(1).max(4).nullable().default(null),
    statisticalNeighbourAverage: z.string().nullable().default(null),
    rag: z.enum(["red", "amber", "green"]).nullable().default(null),
    dataQualityNote: z.string().nullable().default(null),
    source: sourceRef.optional(),
  })
  .strict();

export const indicatorSchema = z
  .object({
    id,
    name: z.string().min(1),
    /** Dashboard section (usually an ambition's title). */
    section: z.string().nullable().default(null),
    ambitionId: id.nullable().default(null),
    unit: z.enum(["percent", "count", "rate"]),
    polarity: z.enum(["highIsGood", "lowIsGood", "none"]),
    polaritySource: z.string().nullable().default(null),
    target: z.string().nullable().default(null),
    targetBasis: z.string().nullable().default(null),
    frequency: z.string().min(1),
    reportingLag: z.string().nullable().default(null),
    informationOnly: z.boolean(),
    /** Words people use for it ("re-referrals"), for matching questions. */
    keywords: z.array(z.string()).default([]),
    values: z.array(indicatorValueSchema).min(1),
  })
  .strict();

export const planFileSchema = z
  .object({
    formatVersion: z.literal(1),
    id,
    title: z.string().min(1),
    /** Names people use in questions: "departmental plan", "WSOA", "dashboard". */
    shortNames: z.array(z.string().min(1)).min(1),
    period: z.object({ label: z.string(), start: z.string(), end: z.string() }).strict(),
    owner: z.string().min(1),
    statusScale: planStatusScaleSchema,
    reviewCadence: z.object({ text: z.string(), frequency: z.string() }).strict(),
    /** Due date applied to actions with none, as written (e.g. "31/03/2021"). */
    defaultDueDate: z.string().nullable().default(null),
    /** The date the imported statuses describe (the document's date). */
    statusAsOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z.object({ file: z.string(), document: z.string(), lines: z.array(z.number().int()).default([]) }).strict(),
    notes: z.array(z.string()).default([]),
    ambitions: z.array(ambitionSchema).default([]),
    priorities: z.array(prioritySchema).default([]),
    actions: z.array(actionSchema).default([]),
    indicators: z.array(indicatorSchema).default([]),
  })
  .strict();

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanFileAction = z.infer<typeof actionSchema>;
export type PlanFileIndicator = z.infer<typeof indicatorSchema>;
export type PlanFileIndicatorValue = z.infer<typeof indicatorValueSchema>;

export const personSchema = z
  .object({
    aadObjectId: z.string().uuid(),
    name: z.string().min(1),
    /** Roles as the documents write them. */
    roles: z.array(z.string().min(1)).default([]),
    /** Other ways the documents name this person ("D Kimberley"). */
    aliases: z.array(z.string()).default([]),
    managerId: z.string().uuid().nullable().default(null),
    delegateIds: z.array(z.string().uuid()).default([]),
    /** Plan ids this person administers; "*" for every plan in the tenant. */
    planAdminOf: z.array(z.string()).default([]),
  })
  .strict();

export const peopleFileSchema = z
  .object({
    formatVersion: z.literal(1),
    tenantId: z.string().uuid(),
    tenantName: z.string().min(1),
    /**
     * The instant a demo's story is set at: the local demo runs its clock from here (unless PULSE_NOW says
     * otherwise), so its plans are not years overdue. Ignored in deployed mode and when the demo is not seeded.
     */
    demoAsOf: z.string().datetime({ offset: true }).optional(),
    people: z.array(personSchema).min(1),
  })
  .strict();

export type PeopleFile = z.infer<typeof peopleFileSchema>;
export type PersonRecord = z.infer<typeof personSchema>;

/** Parses a plan file, with an error that names the file and the failing path. */
export function parsePlanFile(json: unknown, fileName: string): PlanFile {
  const r = planFileSchema.safeParse(json);
  if (!r.success) throw new Error(`${fileName}: ${formatIssues(r.error)}`);
  return r.data;
}

export function parsePeopleFile(json: unknown, fileName: string): PeopleFile {
  const r = peopleFileSchema.safeParse(json);
  if (!r.success) throw new Error(`${fileName}: ${formatIssues(r.error)}`);
  return r.data;
}

export function formatIssues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}
