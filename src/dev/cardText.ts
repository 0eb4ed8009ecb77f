// Renders Adaptive Card JSON as readable plain text, for the chat CLI and for test failure messages.

type Json = Record<string, unknown>;

export interface CardTextOptions {
  /** Time zone for `{{DATE(...)}}` / `{{TIME(...)}}` (default Europe/London). */
  timeZone?: string;
}

/** The card as lines of text: TextBlocks as written, facts as "Title: value", columns side by side, actions as "[Title]". */
export function cardToText(card: unknown, options: CardTextOptions = {}): string {
  if (!isObject(card)) return "";
  const r = new Renderer(options.timeZone ?? "Europe/London");
  const lines = r.elements(arrayOf(card.body));
  const actions = r.actionLine(arrayOf(card.actions));
  if (actions) lines.push(actions);
  return tidy(lines).join("\n");
}

class Renderer {
  constructor(private readonly timeZone: string) {}

  elements(elements: unknown[]): string[] {
    const lines: string[] = [];
    for (const element of elements) {
      if (!isObject(element) || element.isVisible === false) continue;
      const rendered = this.element(element);
      if (rendered.length === 0) continue;
      if (element.separator === true && lines.length > 0) lines.push("");
      lines.push(...rendered);
    }
    return lines;
  }

  private element(e: Json): string[] {
    switch (e.type) {
      case "TextBlock":
        return this.markdown(str(e.text)).split("\n");
      case "RichTextBlock":
        return [
          arrayOf(e.inlines)
            .map((i) => (typeof i === "string" ? i : isObject(i) ? str(i.text) : ""))
            .map((t) => this.text(t))
            .join(""),
        ];
      case "FactSet":
        return arrayOf(e.facts)
          .filter(isObject)
          .map((f) => `${this.markdown(str(f.title))}: ${this.markdown(str(f.value))}`);
      case "ColumnSet":
        return this.sideBySide(arrayOf(e.columns).filter(isObject).map((c) => this.elements(arrayOf(c.items))));
      case "Container":
      case "Column":
      case "TableCell":
        return this.elements(arrayOf(e.items));
      case "Table":
        return arrayOf(e.rows)
          .filter(isObject)
          .map((row) => arrayOf(row.cells).filter(isObject).map((cell) => this.elements(arrayOf(cell.items)).join(" ")).join(" | "));
      case "ActionSet": {
        const line = this.actionLine(arrayOf(e.actions));
        return line ? [line] : [];
      }
      case "Image":
        return str(e.altText) ? [`[image: ${str(e.altText)}]`] : [];
      case "ImageSet":
        return this.elements(arrayOf(e.images));
      case "Media":
        return [`[media${str(e.altText) ? `: ${str(e.altText)}` : ""}]`];
      case "Input.Text":
      case "Input.Number":
      case "Input.Date":
      case "Input.Time":
        return [`${this.inputLabel(e)}[${str(e.value) || str(e.placeholder) || "…"}]`];
      case "Input.ChoiceSet": {
        const choices = arrayOf(e.choices)
          .filter(isObject)
          .map((c) => (str(c.value) === str(e.value) && str(e.value) !== "" ? `(•) ${str(c.title)}` : str(c.title)));
        return [`${this.inputLabel(e)}${choices.join(" / ")}`];
      }
      case "Input.Toggle":
        return [`${this.inputLabel(e)}[${str(e.value) === str(e.valueOn ?? "true") ? "x" : " "}] ${this.text(str(e.title))}`];
      default:
        // What a host does with an element it does not know: use the fallback element if there is one.
        return isObject(e.fallback) ? this.element(e.fallback) : [];
    }
  }

  actionLine(actions: unknown[]): string {
    return actions
      .filter(isObject)
      .filter((a) => a.isVisible !== false)
      .map((a) => `[${str(a.title) || str(a.verb) || str(a.type)}]`)
      .join(" ");
  }

  private inputLabel(e: Json): string {
    const label = str(e.label);
    return label ? `${this.text(label)}: ` : "";
  }

  /** Columns that are one line each read best on one line; taller ones go one after another. */
  private sideBySide(columns: string[][]): string[] {
    const nonEmpty = columns.filter((c) => c.length > 0);
    if (nonEmpty.every((c) => c.length === 1)) return nonEmpty.length > 0 ? [nonEmpty.map((c) => c[0]).join(" | ")] : [];
    return nonEmpty.flat();
  }

  /** Text a host reads as Markdown (TextBlocks, facts): date functions expanded, then backslash escapes shown as the character they escape. */
  private markdown(raw: string): string {
    return this.text(raw).replace(/\\([!-/:-@[-`{-~])/g, "$1");
  }

  /** Expands the Adaptive Card date/time functions the way Teams shows them, in the given zone. */
  private text(raw: string): string {
    return raw.replace(/\{\{(DATE|TIME)\(([^,)]+)(?:,\s*(SHORT|LONG|COMPACT))?\)\}\}/g, (whole, fn: string, iso: string, style?: string) => {
      const when = new Date(iso.trim());
      if (Number.isNaN(when.getTime())) return whole;
      if (fn === "TIME") return new Intl.DateTimeFormat("en-GB", { timeZone: this.timeZone, hour: "2-digit", minute: "2-digit" }).format(when);
      const format: Intl.DateTimeFormatOptions =
        style === "LONG"
          ? { weekday: "long", day: "numeric", month: "long", year: "numeric" }
          : style === "SHORT"
            ? { weekday: "short", day: "numeric", month: "short", year: "numeric" }
            : { day: "2-digit", month: "2-digit", year: "numeric" };
      return new Intl.DateTimeFormat("en-GB", { timeZone: this.timeZone, ...format }).format(when);
    });
  }
}

/** Drops blank lines at either end and runs of blank lines in between. */
function tidy(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines.map((l) => l.trimEnd())) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}
