// The "help" card: what Plan Pulse can do, with example questions for this tenant's plans.
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { commandAction } from "./statusStyle";
import { escapeMarkdown } from "./cardText";
import type { HelpView } from "../domain/views";

export type { HelpView };

const EXAMPLES: readonly { ask: string; does: string }[] = [
  { ask: "what's red?", does: "Red actions and indicators, worst first" },
  { ask: "what's overdue?", does: "Actions past their due date and not completed" },
  { ask: "tell me about 3.2c", does: "One action: text, leads, dates, status and history" },
  { ask: "my actions", does: "The actions you lead" },
  { ask: "how are re-referrals?", does: "An indicator with target, quartile and trend" },
  { ask: "what changed since last DMT?", does: "Status changes since the last meeting" },
  { ask: "summary", does: "Counts per status for each plan" },
];

// One tap for the questions people ask most; four keeps the button row on one line in Teams.
const QUICK_ASKS: readonly string[] = ["what's red?", "what's overdue?", "my actions", "summary"];

export function helpCard(view: HelpView): AdaptiveCardJson {
  const body: CardElement[] = [
    heading("Plan Pulse"),
    text(
      view.userName
        ? `Hello ${escapeMarkdown(view.userName)}. I keep the department's plans up to date: ask me in plain words.`
        : "I keep the department's plans up to date: ask me in plain words.",
    ),
  ];
  if (view.userRoles.length > 0) body.push(text(`You are recorded as: ${escapeMarkdown(view.userRoles.join("; "))}.`, { isSubtle: true, spacing: "None" }));
  body.push(text("Ask me, for example", { weight: "Bolder", spacing: "Medium" }));
  body.push(factSet(EXAMPLES.map((e) => ({ title: `“${e.ask}”`, value: e.does }))));
  if (view.plans.length > 0) {
    body.push(text("Plans I know", { weight: "Bolder", spacing: "Medium" }));
    body.push(
      factSet(
        view.plans.map((p) => ({
          title: escapeMarkdown(p.shortName),
          value: `${escapeMarkdown(p.title)} (${p.actionCount > 0 ? `${p.actionCount} actions` : `${p.indicatorCount} indicators`})`,
        })),
      ),
    );
  } else {
    body.push(text("No plans are loaded for your organisation yet.", { isSubtle: true }));
  }
  body.push(text(`In a channel, @mention me. Dates are as of ${escapeMarkdown(view.asOf)}.`, { isSubtle: true, size: "Small" }));
  return adaptiveCard(
    body,
    QUICK_ASKS.map((ask) => commandAction(ask, { verb: "pulse.ask", text: ask })),
  );
}
