// Reads a .docx back for the pack tests: its zip entries (yauzl), and the headings, tables and drawings of word/document.xml.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readZipEntries } from "../manifest/zipEntries";

export interface DocxContent {
  readonly entries: Map<string, Buffer>;
  readonly documentXml: string;
  /** Every paragraph outside tables and inside them, in order, with its style id ("Heading1") or null. */
  readonly paragraphs: readonly { readonly style: string | null; readonly text: string }[];
  readonly tables: readonly DocxTable[];
  /** Every drawing's wp:docPr (charts and pictures): its name, title and description (the alt text). */
  readonly drawings: readonly { readonly name: string; readonly title: string; readonly descr: string }[];
  readonly coreXml: string;
  readonly stylesXml: string;
}

export interface DocxTable {
  readonly rows: readonly { readonly header: boolean; readonly cells: readonly string[] }[];
}

export async function readDocx(docx: Buffer | string): Promise<DocxContent> {
  let file = docx;
  if (Buffer.isBuffer(docx)) {
    file = path.join(mkdtempSync(path.join(tmpdir(), "pack-")), "pack.docx");
    writeFileSync(file, docx);
  }
  const entries = await readZipEntries(file as string);
  const text = (name: string) => entries.get(name)?.toString("utf8") ?? "";
  const documentXml = text("word/document.xml");
  return {
    entries,
    documentXml,
    paragraphs: [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({ style: /<w:pStyle w:val="([^"]+)"/.exec(m[1]!)?.[1] ?? null, text: textOf(m[1]!) })),
    tables: [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => ({
      rows: [...t[1]!.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) => ({
        header: /<w:tblHeader(?:\s+w:val="(?:true|1|on)")?\s*\/>/.test(r[1]!),
        cells: [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1]!)),
      })),
    })),
    drawings: [...documentXml.matchAll(/<wp:docPr\s([^>]*?)\/?>/g)].map((m) => ({ name: attr(m[1]!, "name"), title: attr(m[1]!, "title"), descr: attr(m[1]!, "descr") })),
    coreXml: text("docProps/core.xml"),
    stylesXml: text("word/styles.xml"),
  };
}

/** The text of a fragment: its w:t runs, paragraphs inside it joined by a newline. */
function textOf(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(""))
    .filter((s) => s !== "")
    .join("\n");
}

function attr(attrs: string, name: string): string {
  return decode(new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1] ?? "");
}

function decode(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
