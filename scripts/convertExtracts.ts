// Converts the structured extracts in shared/data into Plan Pulse plan files (data/plans) and demo people (data/demo).
//
// Usage: node dist/scripts/convertExtracts.js [sharedDataDir]   (default: ../shared/data next to the repo)
//
// The extracts were read off plain-text copies of the council's documents; where an extract says a value was
// guessed, inferred or garbled, the conclusion reached by checking the seed text is recorded here (REVIEW_NOTES,
// INDICATOR_META) and carried into the plan's or action's `notes`, so every judgement is visible in the output.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  parsePeopleFile,
  parsePlanFile,
  type PeopleFile,
  type PlanFile,
  type PlanFileAction,
  type PlanFileIndicator,
} from "../src/domain/planFile";

// ---------------------------------------------------------------------------------------------------------------
// Extract shapes (only the fields the converter reads; everything else passes through unchecked)

const sourceLines = z.object({ file: z.string(), lines: z.array(z.number().int()) }).passthrough();

const deptExtract = z
  .object({
    source: z.object({ file: z.string(), appendix_lines: z.array(z.number().int()), document: z.string() }).passthrough(),
    ambitions: z.array(
      z
        .object({
          number: z.number().int(),
          title: z.string(),
          source_lines: z.object({ narrative_heading: z.number().int(), appendix_heading: z.number().int() }),
          priorities: z.array(
            z
              .object({
                number: z.number().int(),
                title_in_action_plan: z.string(),
                action_plan_lines: z.array(z.number().int()),
                plan_body_line: z.number().int(),
              })
              .passthrough(),
          ),
          measures_that_will_tell_us: z
            .object({
              intro: z.string().nullable(),
              items: z.array(z.object({ text: z.string(), line: z.number().int() }).passthrough()),
            })
            .passthrough(),
          action_count: z.number().int(),
        })
        .passthrough(),
    ),
    actions: z.array(
      z
        .object({
          ambition: z.object({ number: z.number().int() }).passthrough(),
          priority: z.object({ number: z.number().int() }).passthrough(),
          id: z.string(),
          text: z.string(),
          lead: z.string(),
          lead_basis: z.string(),
          note: z.string().optional(),
          id_as_printed: z.string().optional(),
          source: z.object({ file: z.string(), text_lines: z.array(z.number().int()), lead_lines: z.array(z.number().int()) }),
        })
        .passthrough(),
    ),
    garbled_lines: z.array(z.object({ line: z.number().int(), raw: z.string(), note: z.string() })),
    planning_and_performance_framework: z
      .object({ rows: z.array(z.object({ level: z.string(), performance_management: z.string(), line: z.number().int() }).passthrough()) })
      .passthrough(),
    review_statement: z.object({ text: z.string(), line: z.number().int() }),
  })
  .passthrough();

const wsoaExtract = z
  .object({
    source: z.object({ file: z.string(), lines: z.array(z.number().int()) }).passthrough(),
    status_key: z
      .object({
        section_3_definitions: z.object({
          items: z.array(z.object({ status: z.string(), definition: z.string(), line: z.number().int() }).passthrough()),
        }).passthrough(),
        table_column_header: z.object({
          line: z.number().int(),
          items: z.array(z.object({ status: z.string(), label: z.string() })),
        }).passthrough(),
        inconsistency_note: z.string(),
      })
      .passthrough(),
    priorities: z.array(
      z.object({
        number: z.number().int(),
        text: z.string(),
        line: z.number().int(),
        outcomes: z.array(z.object({ text: z.string(), line: z.number().int() })),
      }),
    ),
    monitoring_arrangements: z.object({ text: z.string(), line: z.number().int() }),
    actions: z.array(
      z
        .object({
          priority: z.number().int(),
          id: z.string(),
          title: z.string(),
          actions: z.string().nullable(),
          lead: z.string(),
          evidence: z.string().nullable(),
          impact_measures: z.string().nullable(),
          completion_date_as_written: z.string(),
          progress_status: z.string(),
          note: z.string().optional(),
          source: sourceLines,
        })
        .passthrough(),
    ),
    summary: z.object({ rows: z.number().int(), status_counts: z.record(z.number().int()) }).passthrough(),
    people_roles: z.array(z.object({ name: z.string(), role: z.string(), line: z.number().int() }).passthrough()),
  })
  .passthrough();

const dashboardExtract = z
  .object({
    source: z.object({ file: z.string(), dashboard_lines: z.array(z.number().int()), report_lines: z.array(z.number().int()) }),
    footnotes: z.array(z.object({ text: z.string(), line: z.number().int() })),
    rag_rating_key: z
      .object({ items: z.array(z.object({ rag: z.string(), text: z.string(), line: z.number().int() })), note: z.string() })
      .passthrough(),
    indicators: z.array(
      z
        .object({
          section: z.string(),
          name: z.string(),
          period: z.string(),
          current_figure_as_written: z.string(),
          value: z.string(),
          value_numeric: z.number(),
          count: z.number().int().nullable(),
          compared_to_previous: z.string(),
          polarity: z.enum(["high is good", "low is good", "none"]),
          polarity_source: z.string(),
          direction_of_travel_derived: z.enum(["improved", "declined", "no significant change", "information only"]),
          target: z.string().nullable(),
          rag: z.enum(["R", "A", "G", "n/a"]),
          national_quartile: z.string(),
          statistical_neighbour_average: z.string().nullable(),
          information_only_inferred: z.boolean(),
          source: z.object({ file: z.string(), line: z.number().int() }).passthrough(),
          narrative: z.object({ line: z.number().int(), text: z.string() }).optional(),
          note: z.string().optional(),
          polarity_conflict: z.string().optional(),
        })
        .passthrough(),
    ),
    checks: z.object({ rag_counts: z.record(z.number().int()) }).passthrough(),
  })
  .passthrough();

type DeptExtract = z.infer<typeof deptExtract>;
type WsoaExtract = z.infer<typeof wsoaExtract>;
type DashboardExtract = z.infer<typeof dashboardExtract>;

function readExtract<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const full = path.join(dir, file);
  const r = schema.safeParse(JSON.parse(readFileSync(full, "utf8")));
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`${full}: unexpected extract shape: ${issues}`);
  }
  return r.data;
}

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------------------------
// Departmental plan 2020-21 (seed 000, Appendix 2)

/** Conclusions from checking the extract's doubtful rows against seed 000 (lines 331-438). */
const DEPT_REVIEW_NOTES: Record<string, string> = {
  "2.1a":
    "Checked seed lines 352-353: no earlier words of this action survive in the text (the plan body, lines 151-156, only lists the priorities), so the text is kept as extracted and flagged as truncated; check the published PDF before quoting it.",
  "2.2b":
    "Checked seed lines 362-371: 'lleed of Comice' (line 368) sits directly above 'Head of Service –' (line 369) and matches the duplicated-text-layer pattern seen on lines 371, 375 and 392, so it is read as a garbled copy of 2.2c's lead, not a separate lead for 2.2b. The SEND Head of Service is kept (carried down from 2.2a), which also fits the action's subject (SEN training for schools).",
  "2.2c":
    "Checked seed lines 369-371: the lead printed beside 2.2c is 'Head of Service – Early Help and Safer Communities' and is kept as printed. The SEND Head of Service would fit the subject better; confirm with the plan owner.",
  "3.1c":
    "In this (cleanly extracted) table a blank lead cell continues the merged cell above it, as with 1.1b-c, 3.4b-c and 4.2b-c, so 3.1b's joint lead is carried down rather than 3.1a's Assistant Director.",
  "3.1d":
    "In this (cleanly extracted) table a blank lead cell continues the merged cell above it, as with 1.1b-c, 3.4b-c and 4.2b-c, so 3.1b's joint lead is carried down rather than 3.1a's Assistant Director.",
};

/** "Head of Service - X" and "Head of Service – X" are one role: the en dash is used throughout. */
function normaliseDeptLead(role: string): string {
  return role.replace(/\s+/g, " ").trim().replace(/^Head of Service\s*[-\u2013\u2014]\s*/, "Head of Service \u2013 ");
}

function splitDeptLeads(leadAsWritten: string): string[] {
  const leads = leadAsWritten.split("&").map(normaliseDeptLead).filter((s) => s.length > 0);
  if (leads.length === 0) fail(`departmental plan: empty lead "${leadAsWritten}"`);
  return leads;
}

function stripPriorityPrefix(title: string): string {
  return title.replace(/^Priority\s+\d+\s*:\s*/, "").trim();
}

function uniqueSorted(lines: readonly number[]): number[] {
  return [...new Set(lines)].sort((a, b) => a - b);
}

function buildDepartmentalPlan(x: DeptExtract): PlanFile {
  const file = x.source.file;
  const departmental = x.planning_and_performance_framework.rows.find((r) => r.level === "Departmental");
  if (!departmental) fail("departmental plan: no 'Departmental' row in the planning and performance framework");

  const ambitions = x.ambitions.map((a) => ({
    id: String(a.number),
    title: a.title,
    measures: a.measures_that_will_tell_us.items.map((m) => m.text),
    source: { file, lines: [a.source_lines.narrative_heading, a.source_lines.appendix_heading] },
  }));

  const priorities = x.ambitions.flatMap((a) =>
    a.priorities.map((p) => ({
      id: `${a.number}.${p.number}`,
      ambitionId: String(a.number),
      title: stripPriorityPrefix(p.title_in_action_plan),
      outcomes: [],
      source: { file, lines: uniqueSorted([p.plan_body_line, ...p.action_plan_lines]) },
    })),
  );

  const actions: PlanFileAction[] = x.actions.map((a) => {
    const priorityId = `${a.ambition.number}.${a.priority.number}`;
    if (!priorities.some((p) => p.id === priorityId)) fail(`departmental plan action ${a.id}: unknown priority ${priorityId}`);
    if (!a.id.startsWith(`${priorityId}`)) fail(`departmental plan action ${a.id}: id does not sit under priority ${priorityId}`);
    const notes: string[] = [];
    if (a.lead_basis !== "as written") notes.push(`Lead: ${a.lead_basis}.`);
    if (a.note) notes.push(a.note);
    const review = DEPT_REVIEW_NOTES[a.id];
    if (review) notes.push(review);
    return {
      id: a.id,
      priorityId,
      title: null,
      text: a.text,
      leads: splitDeptLeads(a.lead),
      leadAsWritten: a.lead,
      dueDate: null,
      status: "none",
      evidence: null,
      impactMeasures: null,
      dependencies: [],
      notes,
      source: { file: a.source.file, lines: uniqueSorted([...a.source.text_lines, ...a.source.lead_lines]) },
    };
  });

  for (const a of x.ambitions) {
    const n = actions.filter((act) => act.priorityId?.startsWith(`${a.number}.`)).length;
    if (n !== a.action_count) fail(`departmental plan ambition ${a.number}: ${n} actions, extract says ${a.action_count}`);
  }

  const intros = x.ambitions
    .filter((a) => a.measures_that_will_tell_us.intro)
    .map((a) => `Ambition ${a.number} measures are introduced with: "${a.measures_that_will_tell_us.intro}".`);

  return {
    formatVersion: 1,
    id: "departmental-plan",
    title: "CFS Departmental Plan 2020-23: Action Plan 2020-21",
    shortNames: ["departmental plan", "dept plan", "action plan", "CFS plan", "departmental", "Departmental Plan 2020-23"],
    period: { label: "2020-21", start: "2020-04-01", end: "2021-03-31" },
    owner: "Director of Children and Family Services",
    statusScale: { name: "RAGB", statuses: [] },
    reviewCadence: { text: departmental.performance_management, frequency: "quarterly" },
    defaultDueDate: "31/03/2021",
    statusAsOf: "2020-04-01",
    source: { file, document: x.source.document, lines: x.source.appendix_lines },
    notes: [
      "Appendix 2 (the 2020-21 action plan) has only Priority | Action | Lead columns: no due dates, statuses or status scale. The standard RAGB scale is used with its default labels, every action starts at 'none' (no update yet), and the plan-year end 31/03/2021 is the default due date.",
      "statusAsOf: the plan text carries no approval or publication date. In the committee pack (seed 001) a public question calls it the plan 'published in April 2020' (line 148), while the minutes of 2 June 2020 record the Committee noting the draft with 'a few amendments to be made ... prior to its publication' (lines 234-249). The plan year start, 2020-04-01, is used.",
      `Review: "${departmental.performance_management}" (planning and performance framework, line ${departmental.line}). The plan also says progress "will be monitored closely and a formal review will be undertaken annually" (line ${x.review_statement.line}).`,
      "Lead roles are split on '&' into one role each; the dash after 'Head of Service' is printed as both '-' and '–' and is normalised to '–' so each role is one string. leadAsWritten keeps the printing.",
      "Ambition 2's table (seed lines 351-392) is badly extracted; its actions were reassembled column by column and the doubtful ones carry notes.",
      ...x.garbled_lines.map((g) => `Garbled line ${g.line} ("${g.raw.replace(/\t/g, " | ")}"): ${g.note}`),
      ...intros,
    ],
    ambitions,
    priorities,
    actions,
    indicators: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SEND Written Statement of Action (seed 001, Appendix A to the 1 September 2020 SEND report)

/** How the WSOA and its cover report write each named lead, and what they say about them. */
interface NamedLead {
  readonly name: string;
  readonly roles: readonly string[];
  /** Other spellings: initials in the engagement lists (lines 720-728) and qualified forms in lead cells. */
  readonly aliases: readonly string[];
  /** Key of the manager in the demo directory (see DEMO_MANAGERS). */
  readonly manager: string | null;
}

const WSOA_NAMED_LEADS: readonly NamedLead[] = [
  { name: "Paula Sumner", roles: ["Assistant Director, Education and SEND", "Assistant Director Education and SEND"], aliases: ["P Sumner"], manager: "director" },
  { name: "Sharon Cooke", roles: ["Assistant Director, Targeted Early Help and Children's Social Care", "Assistant Director \u2013 Children's Social Care"], aliases: ["Sharon Cooke (Social Care)"], manager: "director" },
  // The departmental plan's SEND and Field Social Work heads of service are the officers the WSOA names for those posts.
  { name: "Tom Common", roles: ["Head of Service, SEND", "Head of Service \u2013 Special Educational Needs and Disabilities"], aliases: ["T Common"], manager: "Paula Sumner" },
  { name: "Gareth Dakin", roles: ["Head of Field Social Work", "Head of Service \u2013 Field Social Work"], aliases: ["G Dakin"], manager: "Sharon Cooke" },
  { name: "Brenda Wile", roles: ["SEND Development Lead", "SEND Development Specialist"], aliases: ["B Wile"], manager: "Paula Sumner" },
  { name: "Marian Sutton", roles: ["Service Manager, SENA"], aliases: ["M Sutton", "Marian Sutton (SENA)"], manager: "Tom Common" },
  { name: "Cath Allison", roles: ["Service Manager - SENA (Interim)"], aliases: ["C Allison"], manager: "Tom Common" },
  { name: "Mhairi McDonald-Junor", roles: ["Service Manager Specialist Teaching Service"], aliases: ["M McDonald-Junor"], manager: "Tom Common" },
  { name: "Lindsey Kirby", roles: ["Head of Business Services, Children and Family Services"], aliases: [], manager: "director" },
  { name: "Helen Bakewell", roles: [], aliases: [], manager: null },
  { name: "Tony Barnard", roles: [], aliases: [], manager: null },
  { name: "Chris West", roles: ["Director of Nursing and Quality (CCG)"], aliases: ["C West"], manager: null },
  { name: "S Little", roles: ["Children's Personalisation Commissioner (CCG)"], aliases: [], manager: null },
  { name: "Tracey Jackman", roles: [], aliases: ["Tracey Jackman (CCG)"], manager: null },
  { name: "Claire Tagg", roles: ["Service Group Manager (LPT)"], aliases: ["C Tagg"], manager: null },
  { name: "Dawn Kimberley", roles: ["SEND Lead and Children's OT (LPT)"], aliases: ["D Kimberley"], manager: null },
  { name: "Kelly-Marie Evans", roles: [], aliases: ["Kelly-Marie Evans (Public Health)"], manager: null },
];

/** Groups that lead WSOA actions; each gets a stand-in person in the demo directory. */
const WSOA_GROUP_LEADS: readonly { readonly group: string; readonly personName: string }[] = [
  { group: "Joint Commissioning Steering Group", personName: "Chair, Joint Commissioning Steering Group" },
  { group: "Data Monitoring Group", personName: "Chair, Data Monitoring Group" },
  { group: "Steering group lead", personName: "Steering Group Lead (WSOA)" },
  { group: "Multi-agency panel", personName: "Chair, Multi-agency panel" },
];

/** Conclusions from checking WSOA rows against seed 001 (lines 754-879). */
const WSOA_REVIEW_NOTES: Record<string, string> = {
  "1.1": "Completion date 'TBC by Leads': no date has been set yet.",
  "1.2": "'Steering group lead' is read as the lead of the steering group that 1.1 sets up to develop the joint commissioning strategy (probably the Joint Commissioning Steering Group); kept as its own lead as written. Dependency on 1.1 inferred from that.",
  "1.4": "Dependency on 1.3 inferred: this reviews the chapter of the JSNA that 1.3 produces.",
  "1.5": "Dependency on 1.3 inferred: the completion date waits for the revised JSNA that 1.3 produces.",
  "1.7": "Checked seed line 770: the doubled slash in '31/10//2020' is in the document and is kept as written.",
  "1.16": "The focus area repeats a bullet of 1.9 ('Identify all budgets that are allocated to services that could be jointly commissioned').",
  "2.11": "Checked seed line 867: '31/09/2020' is what the document prints, so it is kept as written.",
  "2.13": "'Multi-agency panel' is probably the D1/D2 decision panels of 1.11 and 2.3 (Marian Sutton); kept as its own lead as written.",
};

const WSOA_DEPENDENCIES: Record<string, readonly string[]> = { "1.2": ["1.1"], "1.4": ["1.3"], "1.5": ["1.3"] };

/** Every spelling that may appear in a WSOA lead cell, longest first, with the lead it stands for. */
function wsoaLeadSpellings(): { spelling: string; lead: string }[] {
  const out: { spelling: string; lead: string }[] = [];
  for (const p of WSOA_NAMED_LEADS) for (const s of [p.name, ...p.aliases]) out.push({ spelling: s, lead: p.name });
  for (const g of WSOA_GROUP_LEADS) out.push({ spelling: g.group, lead: g.group });
  return out.sort((a, b) => b.spelling.length - a.spelling.length);
}

/**
 * Splits a WSOA lead cell into people and groups: "Chris West / Paula Sumner", "Marian Sutton Cath Allison",
 * "Marian Sutton (SENA)", "D Kimberley". Names with no separator are matched against the known names, so an
 * unknown name fails loudly instead of being cut in the wrong place.
 */
function splitWsoaLeads(cell: string): string[] {
  const spellings = wsoaLeadSpellings();
  const leads: string[] = [];
  const parts = cell
    .replace(/\([^)]*\)/g, " ")
    .split("/")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0);
  for (const part of parts) {
    let rest = part;
    while (rest.length > 0) {
      const hit = spellings.find((s) => rest === s.spelling || rest.startsWith(`${s.spelling} `));
      if (!hit) fail(`WSOA lead cell "${cell}": cannot match "${rest}" to a known name or group`);
      if (!leads.includes(hit.lead)) leads.push(hit.lead);
      rest = rest.slice(hit.spelling.length).trim();
    }
  }
  return leads;
}

const STATUS_CODE_BY_WORD: Record<string, "red" | "amber" | "green" | "blue" | "pink"> = {
  red: "red",
  amber: "amber",
  green: "green",
  blue: "blue",
  pink: "pink",
};

function wsoaStatus(word: string, where: string): "red" | "amber" | "green" | "blue" | "pink" {
  return STATUS_CODE_BY_WORD[word.trim().toLowerCase()] ?? fail(`${where}: unknown status "${word}"`);
}

/** Seed line 832 runs two outcomes together around a stray list marker "d.". */
function splitOutcome(text: string): string[] {
  const m = /^(.*outcome focused) d\. (Parent and carer .*)$/.exec(text);
  return m ? [m[1]!, m[2]!] : [text];
}

function buildWsoa(x: WsoaExtract): PlanFile {
  const file = x.source.file;
  const defs = x.status_key.section_3_definitions.items;
  const labels = x.status_key.table_column_header.items;
  const statuses = (["red", "amber", "green", "blue", "pink"] as const).map((code) => {
    const def = defs.find((d) => d.status.toLowerCase() === code) ?? fail(`WSOA: no Section 3 definition for ${code}`);
    const label = labels.find((l) => l.status.toLowerCase() === code) ?? fail(`WSOA: no table-header label for ${code}`);
    return { code, label: label.label, definition: def.definition };
  });

  for (const p of x.people_roles) {
    if (!WSOA_NAMED_LEADS.some((n) => n.name === p.name)) fail(`WSOA: person "${p.name}" (line ${p.line}) has no entry in WSOA_NAMED_LEADS`);
  }

  const priorities = x.priorities.map((p) => ({
    id: String(p.number),
    ambitionId: null,
    title: p.text,
    outcomes: p.outcomes.flatMap((o) => splitOutcome(o.text)),
    source: { file, lines: uniqueSorted([p.line, ...p.outcomes.map((o) => o.line)]) },
  }));

  const actions: PlanFileAction[] = x.actions.map((a) => {
    const notes: string[] = [];
    if (a.note) notes.push(a.note);
    const review = WSOA_REVIEW_NOTES[a.id];
    if (review) notes.push(review);
    return {
      id: a.id,
      priorityId: String(a.priority),
      title: a.title,
      text: a.actions ?? "",
      leads: splitWsoaLeads(a.lead),
      leadAsWritten: a.lead,
      dueDate: a.completion_date_as_written,
      status: wsoaStatus(a.progress_status, `WSOA action ${a.id}`),
      evidence: a.evidence,
      impactMeasures: a.impact_measures,
      dependencies: [...(WSOA_DEPENDENCIES[a.id] ?? [])],
      notes,
      source: { file: a.source.file, lines: a.source.lines },
    };
  });

  if (actions.length !== x.summary.rows) fail(`WSOA: ${actions.length} actions, extract summary says ${x.summary.rows}`);
  for (const [word, n] of Object.entries(x.summary.status_counts)) {
    const got = actions.filter((a) => a.status === wsoaStatus(word, "WSOA summary")).length;
    if (got !== n) fail(`WSOA: ${got} ${word} actions, extract summary says ${n}`);
  }

  return {
    formatVersion: 1,
    id: "wsoa",
    title: "SEND Written Statement of Action",
    shortNames: ["WSOA", "written statement of action", "SEND WSOA", "SEND plan"],
    period: { label: "Oct 2020 \u2013 Mar 2022 (18 months from submission)", start: "2020-10-07", end: "2022-03-31" },
    owner: "SEND and Inclusion Board",
    statusScale: { name: "RAGBP", statuses },
    reviewCadence: { text: x.monitoring_arrangements.text, frequency: "monthly" },
    defaultDueDate: null,
    statusAsOf: "2020-08-21",
    source: {
      file,
      document:
        "Joint area SEND inspection in Leicestershire: Written Statement of Action (draft 'DRAFT 210820'), Appendix A to 'SEND Inspection and High Needs Development Plan Update', Children and Families Overview and Scrutiny Committee, 1 September 2020",
      lines: x.source.lines,
    },
    notes: [
      "A very early draft (banner on every page, e.g. line 534; 'DRAFT 210820' at line 816), so statusAsOf is 21 August 2020. Final sign-off by the SEND and Inclusion Board was planned for 22 September (line 478) and submission to Ofsted by 7 October 2020 (lines 336, 372); Section 5 instead lists 'Final sign-off and submission to Ofsted' on 05/10/20 (line 700).",
      "Period: the WSOA's milestone dates 'act as a critical measure over the next 18 months' from submission (line 654), and re-inspection follows in 'approximately eighteen months' (line 1077). 18 months from 7 October 2020 is early April 2022; the period ends on 31 March 2022, the financial-year end, since the text gives only an approximate span. The latest completion date in the table is 30/04/2021 (2.7).",
      "Status scale: labels are the PROGRESS column header's short labels (line 754; 'On Track' is also printed 'On track' from line 836) and definitions are Section 3's wording (lines 641-652). The cover report (line 395) describes a four-value RAGB scale without Pink; the table uses Pink, so RAGBP is used. Red covers 'to be started or significantly delayed'; Pink is 'not yet started' because it waits on other actions.",
      "Review cadence: 'every SEND and Inclusion Board meeting' (line 890). The Board met on 11/06, 13/07 and 24/08/2020 (Section 5, lines 670-695), roughly monthly, so 'monthly' is used for scheduling. 'DFC DMT' in line 890 is read as the CFS Departmental Management Team.",
      "Completion dates are kept exactly as written, including 'TBC by Leads', '31/09/2020' (2.11, not a real date) and 'To be agreed by partners by end of 31/10//2020' (1.7). Dates worded 'To be agreed by ... by <date>' (1.6, 1.7, 1.8) are deadlines for agreeing the date, not completion dates.",
      "Empty ACTIONS cells (1.16, 1.17, 1.19, 2.9, 2.10, 2.13) are kept as empty text. Rows split by page breaks were merged by the extract (see each action's notes and source lines).",
      "Leads are split into individual people and groups. Qualifiers in brackets are dropped from the lead ('Marian Sutton (SENA)' -> 'Marian Sutton') and 'D Kimberley' is taken to be Dawn Kimberley; leadAsWritten keeps the cell as printed.",
      "Priority 2's last outcome (line 832) runs two outcomes together around a stray list marker 'd.'; it is split into two outcomes.",
      "Dependencies are recorded only where a row names another row's output (1.2 -> 1.1, 1.4 -> 1.3, 1.5 -> 1.3); the draft itself records none.",
      "No action is RED in this draft.",
    ],
    ambitions: [],
    priorities,
    actions,
    indicators: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Q1 2020/21 performance dashboard (seed 001, lines 4338-4511)

interface IndicatorMeta {
  readonly id: string;
  /** The dashboard row's name must start with this, so a reordered extract cannot mislabel a row. */
  readonly nameStartsWith: string;
  readonly frequency: string;
  readonly reportingLag?: string;
  readonly periodEnd?: string;
  readonly keywords: readonly string[];
  /** Conclusions from checking the row against the seed. */
  readonly review?: string;
}

const QUARTILE_CAVEAT =
  "Quartile from nationally published (pre-COVID) benchmarks; the report says to treat quartiles with caution (lines 4367, 4371).";

/** Keyed by the dashboard row's seed line. */
const INDICATOR_META: Record<number, IndicatorMeta> = {
  4470: {
    id: "cp-reviews-in-timescale",
    nameStartsWith: "% child protection cases which were reviewed",
    frequency: "quarterly",
    keywords: ["child protection reviews", "CP reviews", "reviewed within timescales", "review timeliness", "child protection"],
  },
  4471: {
    id: "cp-plan-second-time",
    nameStartsWith: "% of children becoming subject to a child protection plan for second",
    frequency: "quarterly",
    keywords: ["repeat child protection", "repeat CP plans", "second child protection plan", "subsequent plans", "child protection"],
  },
  4472: {
    id: "re-referrals-12m",
    nameStartsWith: "% re-referrals",
    frequency: "quarterly",
    keywords: ["re-referrals", "rereferrals", "repeat referrals", "referrals", "children's social care"],
    review:
      "Dashboard value (26%) kept. The narrative's 26.4% is the same figure as the previous paragraph's repeat child protection plans, so it may be a copying slip; the count 312 agrees in both.",
  },
  4473: {
    id: "single-assessments-45-days",
    nameStartsWith: "% Single assessments completed within 45 days",
    frequency: "quarterly",
    keywords: ["single assessments", "assessments within 45 days", "assessment timeliness", "continuous assessments", "45 days"],
  },
  4474: {
    id: "cp-plans-2-years-plus",
    nameStartsWith: "% of Child Protection plans lasting 2 years or more",
    frequency: "quarterly",
    keywords: ["long child protection plans", "CP plans over 2 years", "plans lasting 2 years", "child protection"],
  },
  4475: {
    id: "placement-stability-3-moves",
    nameStartsWith: "Placement stability - % children with 3 or more placements",
    frequency: "quarterly",
    keywords: ["placement stability", "placement moves", "3 or more placements", "children in care", "looked after children"],
    review:
      "7.3% of the 659 children looked after on 3 June 2020 (WSOA, line 627) is about 48, the narrative's figure; 145 would be about 22%. The dashboard count (145) is kept as printed but looks wrong.",
  },
  4476: {
    id: "placement-stability-2-years",
    nameStartsWith: "Placement stability - % children in same placement for 2+ years",
    frequency: "quarterly",
    keywords: ["placement stability", "long-term placements", "same placement 2 years", "placed for adoption", "children in care"],
  },
  4477: {
    id: "care-leavers-accommodation",
    nameStartsWith: "% of Care Leavers in suitable accommodation",
    frequency: "quarterly",
    keywords: ["care leavers", "suitable accommodation", "care leaver housing", "leaving care"],
    review: "33 of 39 care leavers is 84.6%, matching the dashboard; the dashboard's Q1 period is taken over the narrative's 'end of quarter 4'.",
  },
  4478: {
    id: "care-leavers-eet",
    nameStartsWith: "The % of Care leavers in education, employment and training",
    frequency: "quarterly",
    keywords: ["care leavers", "EET", "care leavers in education employment or training", "care leaver employment", "leaving care"],
    review: "24 of 39 care leavers is 61.5%, so the dashboard figure is kept; the narrative's 61.7% is probably a slip (61.7% is the dental-check figure).",
  },
  4479: {
    id: "cic-dental-checks",
    nameStartsWith: "The % of children in care who have had dental checks",
    frequency: "quarterly",
    keywords: ["dental", "dental checks", "dentist", "children in care health", "looked after children"],
  },
  4480: {
    id: "cic-health-assessments",
    nameStartsWith: "The % of children in care who have their annual health assessment",
    frequency: "quarterly",
    keywords: ["health assessments", "annual health assessment", "children in care health", "looked after children"],
  },
  4483: {
    id: "cfws-individuals",
    nameStartsWith: "No. of individuals worked with by Children and Families Wellbeing Service",
    frequency: "quarterly",
    keywords: ["CFWS", "wellbeing service", "early help", "individuals worked with", "family wellbeing"],
    review:
      "The CFWS report's table (lines 1733-1737) counts individuals 'open to CFWS' including group work: 3031 in 2020/21 Q1 and 3625 in 2019/20 Q1. The dashboard's 'worked with' figure is kept as printed; the two measures may be defined differently.",
  },
  4484: {
    id: "cfws-families",
    nameStartsWith: "No. of families worked with by Children and Families Wellbeing Service",
    frequency: "quarterly",
    keywords: ["CFWS", "wellbeing service", "early help", "families worked with", "family wellbeing"],
    review:
      "The CFWS report's table (lines 1733-1736) counts families 'open to CFWS' including group work: 1360 in 2020/21 Q1. The dashboard's 'worked with' figure is kept as printed; the two measures may be defined differently.",
  },
  4485: {
    id: "mainstream-ehcp",
    nameStartsWith: "No. of Children in mainstream schools with Education and Health Care Plans",
    frequency: "census",
    reportingLag: "annual school census: latest available is the Spring Census 2020",
    periodEnd: "2020-01-16",
    keywords: ["EHCP", "EHC plans", "education health and care plans", "SEND", "mainstream schools"],
  },
  4486: {
    id: "mainstream-sen-support",
    nameStartsWith: "No. of Children in mainstream schools in receipt of SEN Support",
    frequency: "census",
    reportingLag: "annual school census: latest available is the Spring Census 2020",
    periodEnd: "2020-01-16",
    keywords: ["SEN support", "special educational needs", "SEND", "mainstream schools"],
  },
  4488: {
    id: "youth-first-time-entrants",
    nameStartsWith: "Number of first time entrants to the criminal justice system",
    frequency: "quarterly",
    reportingLag: "reported in arrears: latest available is Q4 2019/20",
    keywords: ["first time entrants", "FTE", "youth justice", "youth offending", "criminal justice system"],
    review:
      "Treated as information only, as the 'Higher (no polarity)' column says and as the report's count of 6 information-only indicators requires, although the name says '(low = good)'.",
  },
  4489: {
    id: "youth-reoffending-rate",
    nameStartsWith: "Rate of re-offending by young offenders",
    frequency: "quarterly",
    reportingLag: "reported in arrears: latest available is Q3 2019/20",
    keywords: ["re-offending", "reoffending", "youth offending", "young offenders", "youth justice"],
  },
  4490: {
    id: "youth-custody",
    nameStartsWith: "Number of instances of the use of custody for young people",
    frequency: "quarterly",
    reportingLag: "reported in arrears: latest available is Q4 2019/20",
    keywords: ["custody", "youth custody", "custodial sentences", "youth justice", "youth offending"],
  },
  4493: {
    id: "feee-3-4-high-quality",
    nameStartsWith: "% of eligible 3 and 4-year olds taking up their Free Early Education Entitlement",
    frequency: "termly",
    reportingLag: "usually reported termly; Q1 2020/21 data unavailable because of COVID-19: latest available is 2019/20",
    keywords: ["FEEE", "free early education", "early years", "nursery places", "3 and 4 year olds", "childcare"],
  },
  4494: {
    id: "primary-schools-good-outstanding",
    nameStartsWith: "Percentage of Primary schools rated 'good' or 'outstanding'",
    frequency: "annual",
    reportingLag: "no school inspections during Q1 2020/21: latest available is 2019/20",
    keywords: ["Ofsted", "good or outstanding", "school inspections", "primary schools", "school ratings"],
    review:
      "The dashboard lists the school-rating rows under Ambition 1's heading, though the departmental plan's own measure '% of pupils in Good or Outstanding schools' is under Ambition 4; ambitionId follows the dashboard section.",
  },
  4495: {
    id: "secondary-schools-good-outstanding",
    nameStartsWith: "Percentage of Secondary schools rated 'good' or 'outstanding'",
    frequency: "annual",
    reportingLag: "no school inspections during Q1 2020/21: latest available is 2019/20",
    keywords: ["Ofsted", "good or outstanding", "school inspections", "secondary schools", "school ratings"],
    review:
      "The dashboard lists the school-rating rows under Ambition 1's heading, though the departmental plan's own measure '% of pupils in Good or Outstanding schools' is under Ambition 4; ambitionId follows the dashboard section.",
  },
  4497: {
    id: "first-preference-primary",
    nameStartsWith: "The % of applicants obtaining their first preferences for 1 st time admission",
    frequency: "annual",
    periodEnd: "2020-04-16",
    keywords: ["first preference", "school admissions", "primary admissions", "first time admissions", "FTA", "school places"],
    review: "Period '2020' is the admissions round for September 2020 entry; periodEnd is the primary national offer day, 16 April 2020.",
  },
  4498: {
    id: "first-preference-secondary",
    nameStartsWith: "The % of secondary pupils achieving their first preference",
    frequency: "annual",
    periodEnd: "2020-03-02",
    keywords: ["first preference", "school admissions", "secondary transfer", "secondary admissions", "school places"],
    review:
      "Period '2020' is the admissions round for September 2020 entry; periodEnd is the secondary national offer day, 2 March 2020 (1 March fell on a Sunday).",
  },
  4499: {
    id: "elective-home-education",
    nameStartsWith: "No. of Children Electively Educated at Home",
    frequency: "quarterly",
    keywords: ["elective home education", "EHE", "home educated", "home schooling", "children missing education"],
  },
  4500: {
    id: "neet-16-17",
    nameStartsWith: "NEET young people aged 16-17",
    frequency: "quarterly",
    keywords: ["NEET", "not in education employment or training", "16-17 year olds", "young people", "participation"],
  },
};

const FINANCIAL_QUARTER_END = ["06-30", "09-30", "12-31", "03-31"] as const;

/** Normalises the dashboard's period wording; the report covers Q1 2020/21 (April to June 2020). */
function normalisePeriod(period: string, override: string | undefined): { periodLabel: string; periodEnd: string } {
  const quarter = (q: number, fyStart: number) => ({
    periodLabel: `Q${q} ${fyStart}/${String(fyStart + 1).slice(2)}`,
    periodEnd: `${q === 4 ? fyStart + 1 : fyStart}-${FINANCIAL_QUARTER_END[q - 1]}`,
  });
  let m: RegExpExecArray | null;
  if (period === "Q1") return quarter(1, 2020);
  if ((m = /^(\d{4})\/(\d{2}) Q([1-4])$/.exec(period))) return quarter(Number(m[3]), Number(m[1]));
  if ((m = /^Q([1-4]) (\d{4})\/(\d{2})$/.exec(period))) return quarter(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{4})\/(\d{2})$/.exec(period))) return { periodLabel: period, periodEnd: `${Number(m[1]) + 1}-03-31` };
  if (/^\d{4}$/.test(period) || /^Spring Census \d{4}$/.test(period)) {
    return { periodLabel: period, periodEnd: override ?? fail(`dashboard period "${period}": needs a periodEnd in INDICATOR_META`) };
  }
  return fail(`dashboard: unknown period "${period}"`);
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The ambition a dashboard section names, allowing for the dashboard's typos ("environmnets"). */
function matchAmbition(section: string, ambitions: readonly { id: string; title: string }[]): { id: string; title: string } | null {
  const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  const best = ambitions
    .map((a) => ({ a, d: levenshtein(fold(section), fold(a.title)) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? best.a : null;
}

const DIRECTION = {
  improved: "improved",
  declined: "declined",
  "no significant change": "noChange",
  "information only": "informationOnly",
} as const;

const POLARITY = { "high is good": "highIsGood", "low is good": "lowIsGood", none: "none" } as const;
const RAG = { R: "red", A: "amber", G: "green", "n/a": null } as const;

function orNull(s: string | null): string | null {
  return s === null || s.trim() === "" || s.trim().toLowerCase() === "n/a" ? null : s;
}

function buildDashboard(x: DashboardExtract, ambitions: readonly { id: string; title: string }[]): PlanFile {
  const file = x.source.file;
  const targetBasis = (x.footnotes.find((f) => f.text.startsWith("*")) ?? fail("dashboard: no target footnote")).text.replace(/^\*\s*/, "");
  const key = (letter: string) => (x.rag_rating_key.items.find((i) => i.rag === letter) ?? fail(`dashboard: no RAG key line for ${letter}`)).text;
  const sectionTitles = new Map<string, string>();

  const indicators: PlanFileIndicator[] = x.indicators.map((row) => {
    const line = row.source.line;
    const meta = INDICATOR_META[line] ?? fail(`dashboard row at line ${line} ("${row.name}") has no INDICATOR_META entry`);
    if (!row.name.startsWith(meta.nameStartsWith)) fail(`dashboard row at line ${line}: expected "${meta.nameStartsWith}…", got "${row.name}"`);
    const ambition = matchAmbition(row.section, ambitions);
    if (ambition && ambition.title !== row.section) sectionTitles.set(row.section, ambition.title);
    const informationOnly = row.direction_of_travel_derived === "information only";
    if (informationOnly !== row.information_only_inferred) fail(`dashboard row at line ${line}: information-only flags disagree`);
    const polarity = informationOnly ? "none" : POLARITY[row.polarity];
    const target = orNull(row.target);
    const quartileText = orNull(row.national_quartile);
    const quartile = quartileText === null ? null : Number(quartileText);
    const unit = row.value.trim().endsWith("%") ? "percent" : row.name.startsWith("Rate") ? "rate" : "count";
    const { periodLabel, periodEnd } = normalisePeriod(row.period, meta.periodEnd);

    const dq: string[] = [];
    if (row.note) dq.push(row.note);
    if (row.polarity_conflict && !row.note?.includes("(no polarity)")) dq.push(row.polarity_conflict);
    if (meta.review) dq.push(meta.review);
    if (quartile !== null) dq.push(QUARTILE_CAVEAT);

    return {
      id: meta.id,
      name: row.name,
      section: ambition ? ambition.title : row.section,
      ambitionId: ambition ? ambition.id : null,
      unit,
      polarity,
      polaritySource: row.polarity_source,
      target,
      targetBasis: target === null ? null : targetBasis,
      frequency: meta.frequency,
      reportingLag: meta.reportingLag ?? null,
      informationOnly,
      keywords: [...meta.keywords],
      values: [
        {
          period: row.period,
          periodLabel,
          periodEnd,
          valueText: row.current_figure_as_written,
          value: row.value_numeric,
          count: row.count,
          comparedToPrevious: row.compared_to_previous,
          direction: DIRECTION[row.direction_of_travel_derived],
          quartile,
          statisticalNeighbourAverage: orNull(row.statistical_neighbour_average),
          rag: RAG[row.rag],
          dataQualityNote: dq.length > 0 ? dq.join(" ") : null,
          source: { file: row.source.file, lines: row.narrative ? [line, row.narrative.line] : [line] },
        },
      ],
    };
  });

  const ids = new Set(indicators.map((i) => i.id));
  if (ids.size !== indicators.length) fail("dashboard: duplicate indicator ids");
  const reds = indicators.filter((i) => i.values[0]?.rag === "red").length;
  if (reds !== (x.checks.rag_counts["R"] ?? -1)) fail(`dashboard: ${reds} red rows, extract check says ${x.checks.rag_counts["R"]}`);

  return {
    formatVersion: 1,
    id: "dashboard",
    title: "Children and Families Performance Dashboard 2020/21",
    shortNames: ["dashboard", "indicators", "performance dashboard", "performance", "KPIs"],
    period: { label: "Q1 2020/21", start: "2020-04-01", end: "2020-06-30" },
    owner: "CFS DMT",
    statusScale: {
      name: "RAG",
      statuses: [
        { code: "red", label: "Bottom quartile or declining", definition: key("R") },
        { code: "amber", label: "Room for improvement", definition: key("A") },
        { code: "green", label: "Top quartile", definition: key("G") },
      ],
    },
    reviewCadence: {
      text: "Quarterly performance report and dashboard to the Children and Families Overview and Scrutiny Committee (joint report of the Chief Executive and Director of Children and Family Services), monitoring key indicators on a quarterly basis",
      frequency: "quarterly",
    },
    defaultDueDate: null,
    statusAsOf: "2020-09-01",
    source: {
      file,
      document:
        "Quarter 1 2020/21 Performance Report and Appendix A, Children and Family Services Department Performance Dashboard for Quarter 1 2020/21; Children and Families Overview and Scrutiny Committee, 1 September 2020",
      lines: [x.source.report_lines[0] ?? 4338, x.source.dashboard_lines[1] ?? 4511],
    },
    notes: [
      "The Q1 2020/21 report went to the Committee's 1 September 2020 meeting (agenda item 17, line 48; report heading, line 4341), so statusAsOf is 2020-09-01. The figures describe April to June 2020, or the latest period available (see each value's period).",
      "The extracted header row lists the columns out of order; the data rows read: indicator | latest update | current figure | compared to previous | target | RAG | national quartile (1 = top) | statistical neighbour average.",
      "Counts: the report (line 4365) counts 27 measures (9 improved, 5 no significant change, 7 declined, plus 6 information only). The dashboard text (lines 4468-4500) has 25 rows (7 improved, 5 no change, 7 declined, 6 information only) with no row visibly lost, so 2 improved measures in the report's count are not on the dashboard as printed. The 25 printed rows are imported.",
      "RAG key (lines 4505-4511): the colour swatches are lost in the text; the order green, amber, red is inferred and agrees with the rows (quartile 1 rows are green, quartile 4 rows red). Status labels are short forms of the key's wording. The RAG follows quartile and trend, not the distance from target.",
      `Targets: "${targetBasis}" (footnote, line 4502); "County Authorties are used as the benchmark for the LCC Annual Report" (line 4503).`,
      "COVID-19: lockdown from 23 March 2020, so Q1 is the first full quarter under lockdown; national comparators reflect pre-COVID activity; no school inspection or education outcome data (lines 4359-4371).",
      "Polarity: stated in the indicator name ('(low = good)') or in the compared-to-previous column ('(high is good)'); otherwise inferred, as each indicator's polaritySource says. The 6 information-only indicators have no polarity.",
      ...[...sectionTitles].map(([asWritten, title]) => `The dashboard's section heading "${asWritten}" (with its typo) is matched to the departmental plan ambition "${title}".`),
      "'People are safe in their daily lives' (youth justice rows) is not a departmental plan ambition, so those indicators have no ambitionId.",
    ],
    ambitions: [],
    priorities: [],
    actions: [],
    indicators,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Demo directory

const TENANT_ID = "5e6d7c8b-1a2b-4c3d-8e9f-000000000001";
const TENANT_NAME = "Leicestershire County Council \u2013 Children and Family Services (demo)";

/** Fictional holders of the departmental plan's lead roles not held by an officer the WSOA names. */
const FICTIONAL_HEADS_OF_SERVICE: readonly { name: string; role: string; manager: string }[] = [
  { name: "Alex Morgan", role: "Head of Service \u2013 Education Quality and Effectiveness", manager: "Paula Sumner" },
  { name: "Fiona McLeod", role: "Head of Service \u2013 Education Sufficiency", manager: "Paula Sumner" },
  { name: "Priya Chauhan", role: "Head of Service \u2013 Early Help and Safer Communities", manager: "Sharon Cooke" },
  { name: "Daniel Okoro", role: "Head of Service \u2013 Children in Care", manager: "Sharon Cooke" },
  { name: "Imran Siddiqui", role: "Head of Service \u2013 Early Help and Youth Justice", manager: "Sharon Cooke" },
  { name: "Rachel Byrne", role: "Head of Service \u2013 Commissioning and Planning", manager: "Sharon Cooke" },
  { name: "Grace Adeyemi", role: "Head of Service \u2013 Safeguarding Assurance", manager: "Sharon Cooke" },
];

const DIRECTOR = { key: "director", name: "Jane Clarke", role: "Director of Children and Family Services" };
const ADMINS = new Set(["director", "Paula Sumner"]);

function demoObjectId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

function buildPeople(plans: readonly PlanFile[]): PeopleFile {
  type Draft = { key: string; name: string; roles: string[]; aliases: string[]; manager: string | null };
  const drafts: Draft[] = [
    { key: DIRECTOR.key, name: DIRECTOR.name, roles: [DIRECTOR.role], aliases: [], manager: null },
    ...WSOA_NAMED_LEADS.map((p) => ({ key: p.name, name: p.name, roles: [...p.roles], aliases: [...p.aliases], manager: p.manager })),
    ...FICTIONAL_HEADS_OF_SERVICE.map((h) => ({ key: h.name, name: h.name, roles: [h.role], aliases: [], manager: h.manager })),
    ...WSOA_GROUP_LEADS.map((g) => ({ key: g.personName, name: g.personName, roles: [g.group], aliases: [], manager: null })),
  ];
  const idOf = new Map(drafts.map((d, i) => [d.key, demoObjectId(i + 1)]));
  const people = drafts.map((d) => ({
    aadObjectId: idOf.get(d.key)!,
    name: d.name,
    roles: d.roles,
    aliases: d.aliases,
    managerId: d.manager === null ? null : idOf.get(d.manager) ?? fail(`people: unknown manager "${d.manager}" for ${d.name}`),
    delegateIds: [],
    planAdminOf: ADMINS.has(d.key) ? ["*"] : [],
  }));

  // Every lead must name exactly one person, exactly as written; a folded (case/dash) match must not find another.
  const fold = (s: string) => s.normalize("NFKC").replace(/[\u2010-\u2015\u2212]/g, "-").replace(/\s+/g, " ").trim().toLowerCase();
  const problems: string[] = [];
  for (const plan of plans) {
    for (const action of plan.actions) {
      for (const lead of action.leads) {
        const exact = people.filter((p) => p.name === lead || p.aliases.includes(lead) || p.roles.includes(lead));
        const folded = people.filter((p) => [p.name, ...p.aliases, ...p.roles].some((s) => fold(s) === fold(lead)));
        if (exact.length !== 1) problems.push(`${plan.id} ${action.id}: lead "${lead}" matches ${exact.length} people exactly`);
        else if (folded.length !== 1) problems.push(`${plan.id} ${action.id}: lead "${lead}" is ambiguous once case and dashes are folded`);
      }
    }
  }
  if (problems.length > 0) fail(`people: leads do not resolve:\n  ${problems.join("\n  ")}`);

  return { formatVersion: 1, tenantId: TENANT_ID, tenantName: TENANT_NAME, people };
}

// ---------------------------------------------------------------------------------------------------------------

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, "utf8");
}

export function convertExtracts(dataDir: string, repoRoot: string): { written: string[] } {
  const dept = readExtract(dataDir, "dept-plan-2020-21-actions.json", deptExtract);
  const wsoa = readExtract(dataDir, "wsoa-actions.json", wsoaExtract);
  const dash = readExtract(dataDir, "q1-2020-21-dashboard.json", dashboardExtract);

  const outputs: { rel: string; plan: PlanFile }[] = [];
  const deptPlan = parsePlanFile(buildDepartmentalPlan(dept), "departmental-plan-2020-21.json");
  outputs.push({ rel: "data/plans/departmental-plan-2020-21.json", plan: deptPlan });
  outputs.push({ rel: "data/plans/wsoa-2020.json", plan: parsePlanFile(buildWsoa(wsoa), "wsoa-2020.json") });
  outputs.push({
    rel: "data/plans/performance-dashboard-q1-2020-21.json",
    plan: parsePlanFile(buildDashboard(dash, deptPlan.ambitions), "performance-dashboard-q1-2020-21.json"),
  });
  const people = parsePeopleFile(buildPeople(outputs.map((o) => o.plan)), "people.json");

  const written: string[] = [];
  for (const o of outputs) {
    writeJson(path.join(repoRoot, o.rel), o.plan);
    written.push(o.rel);
  }
  writeJson(path.join(repoRoot, "data/demo/people.json"), people);
  written.push("data/demo/people.json");
  return { written };
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, "../..");
  const dataDir = process.argv[2] ? path.resolve(process.cwd(), process.argv[2]) : path.resolve(repoRoot, "../shared/data");
  try {
    const { written } = convertExtracts(dataDir, repoRoot);
    for (const f of written) console.log(`wrote ${f}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
