// The cards for performance indicators: a list of indicator rows, and one indicator in full.
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, mdLine, mdText, oneLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, ragColor, ragRun, ragSymbol, richText } from "./statusStyle";
import type { IndicatorDetailView, IndicatorListView, IndicatorRowView } from "../domain/views";
import { directionTitle, periodTitle, polarityTitle, ratingTitle, reportedValue } from "../replies/indicatorWords";

export function indicatorListCard(view: IndicatorListView): AdaptiveCardJson {
  return fitCard((caps) => buildList(view, caps));
}

export function indicatorDetailCard(view: IndicatorDetailView): AdaptiveCardJson {
  return fitCard((caps) => buildDetail(view, caps));
}

function buildList(view: IndicatorListView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [heading(mdLine(view.title, caps.itemTitle))];
  if (view.understood) body.push(text(mdLine(view.understood, caps.note), { isSubtle: true, spacing: "None" }));
  const c = view.counts;
  if (c.red + c.amber + c.green + c.informationOnly + c.notRated > 0) {
    body.push(ragCounts([
      { rag: "red", title: "Red", count: c.red },
      { rag: "amber", title: "Amber", count: c.amber },
      { rag: "green", title: "Green", count: c.green },
      { rag: null, title: "Information only", count: c.informationOnly },
      { rag: null, title: "Not rated", count: c.notRated },
    ]));
  }
  if (view.quartiles && view.quartiles.length > 0) {
    body.push(text(view.quartiles.map((q) => `Quartile ${q.quartile}: ${q.count.toLocaleString("en-GB")}`).join(" · "), { spacing: "Small" }));
  }
  if (view.rows.length === 0) body.push(text(escapeMarkdown(view.emptyText), { spacing: "Medium" }));
  else body.push(...indicatorRows(view.rows, caps));
  body.push(asOfFooter(view.asOf));
  return adaptiveCard(body);
}

/** RAG counts as words, shape and colour; zero counts are left out except red, whose zero is news. */
export function ragCounts(counts: readonly { readonly rag: "red" | "amber" | "green" | null; readonly title: string; readonly count: number }[]): CardElement {
  const inlines: CardElement[] = [];
  for (const c of counts) {
    if (c.count === 0 && c.rag !== "red") continue;
    if (inlines.length > 0) inlines.push(plainRun("   "));
    inlines.push({ type: "TextRun", text: `${ragSymbol(c.rag)} ${c.title}: ${c.count.toLocaleString("en-GB")}`, weight: "Bolder", color: ragColor(c.rag) });
  }
  return richText(inlines, { spacing: "Small" });
}

/** Indicator rows for lists, capped in number so a list of every indicator still fits in one card. */
export function indicatorRows(rows: readonly IndicatorRowView[], caps: TextCaps): CardElement[] {
  const shown = rows.slice(0, caps.indicatorRowsShown).map((r) => indicatorRow(r, caps));
  const rest = rows.length - shown.length;
  if (rest > 0) shown.push(text(`and ${plural(rest, "more indicator")} not shown`, { isSubtle: true, spacing: "Small" }));
  return shown;
}

/** One indicator, compact: name, RAG, period and value, then target, quartile and direction of travel. */
export function indicatorRow(row: IndicatorRowView, caps: TextCaps): CardElement {
  const v = (s: string): string => mdLine(s, caps.value);
  const facts = [
    `Target: ${row.target ? v(row.target) : "none set"}`,
    `Quartile: ${quartileText(row.quartile)}`,
    `Direction: ${v(directionTitle(row.direction))}`,
  ];
  return {
    type: "Container",
    separator: true,
    items: [
      text(`**${mdLine(row.name, caps.indicatorName)}**`),
      richText([ragRun(row), plainRun(` · ${oneLine(periodTitle(row.period), caps.value)}: ${oneLine(reportedValue(row.value), caps.value)}`)]),
      text(facts.join(" · "), { isSubtle: true }),
    ],
  };
}

function quartileText(q: number | null): string {
  return q === null ? "not published" : String(q);
}

function buildDetail(view: IndicatorDetailView, caps: TextCaps): AdaptiveCardJson {
  const v = (s: string): string => mdLine(s, caps.value * 2);
  const period = periodTitle(view.period);
  const value = reportedValue(view.value);
  const where = [view.planTitle, view.section].filter((s): s is string => !!s).map((s) => mdLine(s, caps.itemTitle));
  const body: CardElement[] = [
    text(where.join(" · "), { isSubtle: true, size: "Small" }),
    heading(mdLine(view.name, caps.itemTitle)),
    richText([ragRun(view), plainRun(` · ${oneLine(period, caps.value * 2)}`)], { spacing: "Small" }),
  ];
  const facts: { title: string; value: string }[] = [
    { title: "Period", value: v(period) },
    { title: "Value", value: v(value) },
  ];
  if (view.count !== null) {
    const count = view.count.toLocaleString("en-GB");
    if (!value.includes(count) && !value.includes(String(view.count))) facts.push({ title: "Count", value: count });
  }
  facts.push({ title: "Target", value: view.target ? v(view.target) + (view.targetBasis ? ` (${mdLine(view.targetBasis, caps.itemNote)})` : "") : "None set" });
  facts.push({ title: "Polarity", value: v(polarityTitle(view.polarity)) });
  facts.push({
    title: "Direction of travel",
    value: v(directionTitle(view.direction)) + (view.comparedToPrevious ? ` (${mdLine(view.comparedToPrevious, caps.itemNote)})` : ""),
  });
  facts.push({ title: "Quartile", value: view.quartile === null ? "Not published" : String(view.quartile) });
  facts.push({ title: "Statistical neighbours", value: view.statisticalNeighbourAverage ? `${v(view.statisticalNeighbourAverage)} average` : "Not published" });
  facts.push({ title: "RAG", value: v(ratingTitle(view.informationOnly ? "informationOnly" : view.rating)) });
  facts.push({ title: "Reported", value: v(view.frequency) + (view.reportingLag ? `, ${mdLine(view.reportingLag, caps.itemNote)}` : "") });
  body.push(factSet(facts));
  if (view.dataQualityNote) {
    body.push(text("Data quality", { weight: "Bolder", spacing: "Medium" }));
    body.push(text(mdText(view.dataQualityNote, caps.detailField), { spacing: "None" }));
  }
  if (view.earlier.length > 0) {
    body.push(text("Earlier periods", { weight: "Bolder", spacing: "Medium" }));
    body.push(factSet(view.earlier.slice(0, caps.detailListShown).map((e) => ({ title: v(e.period), value: `${v(e.value)} · ${v(ratingTitle(e.rating))}` }))));
  }
  if (view.alternatives.length > 0) {
    body.push(text("Did you mean another indicator?", { weight: "Bolder", spacing: "Medium" }));
    body.push(
      actionSet(
        view.alternatives.slice(0, caps.buttonsShown).map((a) => commandAction(oneLine(a.name, caps.buttonTitle), { verb: "pulse.ask", text: a.ask })),
        { spacing: "Small" },
      ),
    );
  }
  body.push(asOfFooter(view.asOf));
  return adaptiveCard(body);
}

/** The date every answer is true as of. */
export function asOfFooter(asOf: string): CardElement {
  return text(`As of ${escapeMarkdown(asOf)}.`, { isSubtle: true, size: "Small", spacing: "Medium", separator: true });
}
