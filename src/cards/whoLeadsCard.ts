// The card for "who leads 3.2c?": the lead roles and the people behind them, the status, and a way into the detail.
import { adaptiveCard, heading, text, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, mdLine, type TextCaps } from "./cardText";
import { actionSet, commandAction, statusBadge } from "./statusStyle";
import { otherButtons } from "./actionDetailCard";
import type { WhoLeadsView } from "../domain/views";

export function whoLeadsCard(view: WhoLeadsView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

function build(view: WhoLeadsView, caps: TextCaps): AdaptiveCardJson {
  const id = escapeMarkdown(`${view.planShortName} ${view.actionId}`);
  const actionId = escapeMarkdown(view.actionId);
  const body: CardElement[] = [heading(`Who leads ${id}`), text(`**${actionId}** ${mdLine(view.title, caps.itemTitle)}`, { spacing: "Small" })];
  if (view.leads.length === 0) {
    body.push(text(`No lead is recorded for ${actionId}.`, { spacing: "Medium" }));
  } else {
    body.push(text(`${actionId} is led by:`, { spacing: "Medium" }));
    for (const lead of view.leads.slice(0, caps.detailListShown)) {
      const people = lead.people.length > 0 ? lead.people.map((p) => mdLine(p, caps.itemLead)).join(", ") : "no name recorded";
      body.push(text(`**${mdLine(lead.role, caps.itemLead)}**: ${people}`, { spacing: "Small" }));
    }
    const rest = view.leads.length - caps.detailListShown;
    if (rest > 0) body.push(text(`and ${rest} more`, { isSubtle: true, spacing: "None" }));
  }
  body.push(statusBadge(view.status, { spacing: "Medium" }));
  body.push(actionSet([commandAction(`Open ${view.actionId}`, view.open)], { spacing: "Small" }));
  if (view.otherMatches.length > 0) {
    body.push(text(`${actionId} is also in:`, { weight: "Bolder", spacing: "Medium", separator: true }));
    body.push(actionSet(otherButtons(view.otherMatches, caps), { spacing: "Small" }));
  }
  return adaptiveCard(body);
}
