// User and imported text is inert in every card: Markdown links, images, emphasis, mention tags and HTML show as typed.
import assert from "node:assert/strict";
import { assertValidCard } from "../support/validateCard";
import type { AdaptiveCardJson } from "../../src/cards/adaptiveCard";
import { actionListCard } from "../../src/cards/actionListCard";
import { actionDetailCard } from "../../src/cards/actionDetailCard";
import { whoLeadsCard } from "../../src/cards/whoLeadsCard";
import { summaryCard } from "../../src/cards/summaryCard";
import { indicatorDetailCard, indicatorListCard } from "../../src/cards/indicatorCards";
import { changesCard } from "../../src/cards/changesCard";
import { notUnderstoodCard } from "../../src/cards/notUnderstoodCard";
import { helpCard } from "../../src/cards/helpCard";
import { digestReplyCards, digestSummaryCard } from "../../src/cards/digestCard";
import { allClearCard, overdueReminderCard } from "../../src/cards/overdueReminderCard";
import { promptCard } from "../../src/cards/promptCard";
import { updatedCard, updateFormCard } from "../../src/cards/updateCard";
import { escapeMarkdown, httpsLink } from "../../src/cards/cardText";
import {
  changesView,
  detailView,
  digestView,
  promptDone,
  promptForm,
  promptView,
  indicatorDetailView,
  indicatorListView,
  listView,
  nodes,
  notUnderstoodView,
  person,
  reminderItem,
  reminderView,
  summaryView,
  whoLeadsView,
} from "./fixtures";

/** Everything a commentary, a name or an imported plan could carry that Teams would otherwise act on. */
const HOSTILE = [
  "[verify your login](https://evil.example/phish)",
  "![tracker](https://evil.example/pixel.png)",
  "<at>Chief Executive</at>",
  "**shouting** _leaning_ ~~struck~~ `code`",
  "<b>bold</b><img src=x onerror=alert(1)>",
  "<https://evil.example/auto>",
  "{{DATE(2020-01-01T00:00:00Z, LONG)}}",
  "\\[already escaped\\]",
].join(" ");
/** The same, on several lines: list, heading and quote markers only count at the start of a line. */
const HOSTILE_LINES = `${HOSTILE}\n- a bullet\n1. a number\n# a heading\n> a quote\n===`;

/**
 * Keys whose values are not text anyone reads: enums, ids the importer validates (letters, digits, . _ -), command
 * fields, and the mention (its text must match its entity exactly; see the reminder test).
 */
const STRUCTURAL = new Set([
  "kind", "code", "verb", "planId", "actionId", "actionIds", "cycleKey", "indicatorId", "rag", "rating", "polarity", "direction", "key", "tone", "field", "aadObjectId", "until", "refreshUserIds", "type", "id", "basis", "comparison",
  // ISO dates and instants the cards format themselves.
  "dueDate", "closesAt", "snoozedUntil", "since",
]);

/** The view with every readable string replaced by hostile text (multi-line where the field keeps its lines). */
function hostile<T>(view: T): T {
  const walk = (v: unknown, key: string): unknown => {
    if (STRUCTURAL.has(key)) return v;
    if (typeof v === "string") return ["text", "commentary", "lastCommentary", "evidence", "impactMeasures", "dataQualityNote"].includes(key) ? HOSTILE_LINES : HOSTILE;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v instanceof Date) return v;
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(view, "") as T;
}

/** Where a card reads Markdown: TextBlock text, and fact titles and values. */
function markdownSinks(card: unknown): string[] {
  return nodes(card).flatMap((n) => {
    if (n.type === "TextBlock" && typeof n.text === "string") return [n.text];
    if (n.type === "FactSet" && Array.isArray(n.facts)) return (n.facts as { title: string; value: string }[]).flatMap((f) => [f.title, f.value]);
    return [];
  });
}

/**
 * Asserts the card is SDK-valid and that no Markdown in it came from the view: with every backslash escape and the
 * card's own bold (`**…**`) and mentions taken out, nothing is left that Teams would turn into a link, an image,
 * emphasis, code, a tag, a date function, a list, a heading or a quote. The hostile words must still be shown.
 */
function assertInert(card: AdaptiveCardJson, allowedMentions: readonly string[] = []): void {
  assertValidCard(card);
  const sinks = markdownSinks(card);
  assert.ok(sinks.some((t) => t.includes("verify your login")), "the hostile words are shown, not dropped");
  for (const raw of sinks) {
    let rest = raw;
    for (const m of allowedMentions) rest = rest.split(m).join("");
    rest = rest.replace(/\\[\s\S]/g, "").replace(/\*\*([^*\n]+)\*\*/g, "$1");
    assert.doesNotMatch(rest, /[[\]<>*_`~{}\\]/, `live Markdown in ${JSON.stringify(raw)}`);
    // An escaped first character is enough for a block marker ("\\===" is no underline), so lines are read as written.
    for (const line of raw.split("\n")) assert.doesNotMatch(line, /^\s*(?:[-+#>=|]|\d+[.)](?:\s|$))/, `a block marker in ${JSON.stringify(raw)}`);
  }
  // Links only where a field is meant to be one, and only https.
  for (const n of nodes(card)) {
    if (n.type === "Action.OpenUrl") assert.match(String(n.url), /^https:\/\//);
    if (typeof n.selectAction === "object") assert.fail("no element links out by selectAction");
  }
  // Where a card does not read Markdown (TextRuns, buttons, inputs), text stays as typed: no backslashes added.
  for (const n of nodes(card)) {
    if (n.type === "TextRun" || n.type === "Action.Execute") assert.doesNotMatch(String(n.text ?? n.title ?? ""), /\\\[verify/);
  }
}

describe("user and imported text is inert in cards", () => {
  const builders: [string, () => AdaptiveCardJson][] = [
    ["action list", () => actionListCard(hostile(listView()))],
    ["action detail", () => actionDetailCard(hostile(detailView()))],
    ["who leads", () => whoLeadsCard(hostile(whoLeadsView()))],
    ["summary", () => summaryCard(hostile(summaryView()))],
    ["indicator list", () => indicatorListCard(hostile(indicatorListView()))],
    ["indicator detail", () => indicatorDetailCard(hostile(indicatorDetailView()))],
    ["what changed", () => changesCard(hostile(changesView()))],
    ["not understood", () => notUnderstoodCard(hostile(notUnderstoodView()))],
    ["help", () => helpCard(hostile({ userName: "Priya", userRoles: ["Lead"], plans: [{ title: "SEND", shortName: "WSOA", actionCount: 3, indicatorCount: 0 }], asOf: "2 Nov 2020" }))],
    ["digest summary", () => digestSummaryCard(hostile(digestView({ preview: true })))],
    ["digest thread reply", () => digestReplyCards(hostile(digestView({ preview: true })))[0]!],
    ["all clear", () => allClearCard(hostile({ kind: "allClear", planShortName: "WSOA", stillOverdue: 0, asOf: new Date("2020-11-02T09:00:00Z"), ask: { kind: "overdue", planShortName: null } }))],
    ["update form", () => updateFormCard(hostile(promptForm("3.2c", { notice: "Someone else updated 3.2c", problems: [{ field: "status", message: "“purple” is not a status." }], values: { commentary: "typed" } })))],
    ["updated", () => updatedCard(hostile({ ...promptDone("3.2c"), revisedDue: "31/03/2021", evidence: "https://council.sharepoint.example/plan.docx" }))],
    [
      "update-cycle prompt",
      () =>
        promptCard(
          hostile(
            promptView([{ kind: "form", form: promptForm("3.2c") }, { kind: "done", done: promptDone("3.3") }, { kind: "gone", actionId: "3.4", why: { kind: "handedTo", to: ["Priya Chauhan"] } }], {
              reminder: true,
              part: { index: 1, of: 2 },
              notice: { text: "Snoozed until Monday", tone: "good" },
              snoozedUntil: "2020-11-30T09:00:00Z",
            }),
          ),
        ),
    ],
  ];
  for (const [name, build] of builders) {
    it(`${name}: links, images, tags, emphasis and HTML show as typed`, () => assertInert(build()));
  }

  it("overdue reminder: only the card's own mentions are tags; a lead's roles and the items are inert", () => {
    const view = hostile(reminderView([person("aad-daniel", "Daniel Okoro", [reminderItem("3.2c")]), { lead: { kind: "role", role: "Head of Inclusion" }, items: [reminderItem("1.1")] }], 2));
    // A mention's text must equal its entity's, so the directory's display name goes in as it is (docs/architecture.md, "User text in cards").
    const groups = view.groups.map((g) => (g.lead.kind === "person" ? { ...g, lead: { ...g.lead, name: "Daniel Okoro" } } : g));
    const fitted = overdueReminderCard({ ...view, groups });
    assertInert(fitted.card, ["<at>Daniel Okoro</at>"]);
    assert.deepEqual(fitted.mentioned, ["aad-daniel"]);
  });

  it("the detail card's commentary link is text, and the evidence is a button only when it is an https link", () => {
    const card = actionDetailCard(detailView({ latestCommentary: "[verify your login](https://evil.example/phish)", evidence: "https://council.sharepoint.example/doc.docx" }));
    const json = JSON.stringify(card);
    assert.ok(json.includes(JSON.stringify("\\[verify your login\\](https://evil.example/phish)").slice(1, -1)));
    const opens = nodes(card).filter((n) => n.type === "Action.OpenUrl");
    assert.deepEqual(opens.map((n) => [n.title, n.url]), [["Open evidence", "https://council.sharepoint.example/doc.docx"]]);
    for (const evidence of ["javascript:alert(1)", "http://council.example/doc", "see https://evil.example/x", "data:text/html,hi"]) {
      const other = actionDetailCard(detailView({ evidence }));
      assert.equal(nodes(other).filter((n) => n.type === "Action.OpenUrl").length, 0, evidence);
    }
  });
});

describe("escapeMarkdown and httpsLink", () => {
  it("leaves ordinary plan text as it was", () => {
    for (const s of ["3.2c Amber: awaiting panel dates (revised from 30/09/2020).", "Head of Service – Children in Care (Daniel Okoro)", "27.1% (389)", "O'Brien & Sons, 2020/21"]) {
      assert.equal(escapeMarkdown(s), s);
    }
  });

  it("escapes what opens Markdown anywhere, and block markers only at the start of a line", () => {
    assert.equal(escapeMarkdown("[a](b) *c* _d_ <at>e</at> `f` ~g~ {{h}} \\"), "\\[a\\](b) \\*c\\* \\_d\\_ \\<at\\>e\\</at\\> \\`f\\` \\~g\\~ \\{\\{h\\}\\} \\\\");
    assert.equal(escapeMarkdown("- a\n  + b\n# c\n> d\n12. e\n3) f\nx - y 1. z"), "\\- a\n  \\+ b\n\\# c\n\\> d\n12\\. e\n3\\) f\nx - y 1. z");
  });

  it("accepts only one absolute https link", () => {
    assert.equal(httpsLink(" https://council.sharepoint.example/a b"), null);
    assert.equal(httpsLink("https://council.sharepoint.example/doc?x=1"), "https://council.sharepoint.example/doc?x=1");
    for (const s of ["", "http://x.example", "javascript:alert(1)", "HTTPS:", "//evil.example", "ftp://x.example"]) assert.equal(httpsLink(s), null, s);
  });
});
