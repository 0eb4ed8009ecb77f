// The words an Adaptive Card shows (text blocks, text runs, facts, button titles), to compare a rendered card with its JSON.

/** Visible strings of a card, Markdown emphasis removed; hidden elements (isVisible: false) and inputs' values are left out. */
export function cardStrings(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) cardStrings(n, out);
    return out;
  }
  if (!node || typeof node !== "object") return out;
  const o = node as Record<string, unknown>;
  if (o.isVisible === false) return out;
  const add = (s: unknown): void => {
    if (typeof s !== "string") return;
    const plain = s.replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
    if (plain) out.push(plain);
  };
  switch (o.type) {
    case "TextBlock":
    case "TextRun":
      add(o.text);
      break;
    case "FactSet":
      for (const f of (o.facts as { title?: unknown; value?: unknown }[] | undefined) ?? []) {
        add(f.title);
        add(f.value);
      }
      break;
    default:
      if (typeof o.type === "string" && o.type.startsWith("Action.")) add(o.title);
  }
  // refresh and selectAction are not drawn; everything else may hold more elements.
  for (const [key, value] of Object.entries(o)) {
    if (key === "refresh" || key === "selectAction" || key === "facts") continue;
    if (value && typeof value === "object") cardStrings(value, out);
  }
  return out;
}
