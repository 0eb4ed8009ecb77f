// A strict RFC 4180 reader for the tab's CSV export: quoted fields, doubled quotes, CRLF or LF line ends.

/** Rows of fields. Throws, naming the place, on a quote inside an unquoted field or an unterminated quoted field. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"' && field === "") {
      // A quoted field: runs to the next quote not doubled.
      let j = i + 1;
      for (;;) {
        const q = body.indexOf('"', j);
        if (q < 0) throw new Error(`unterminated quoted field starting at offset ${i}`);
        if (body[q + 1] === '"') {
          field += body.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field += body.slice(j, q);
        i = q + 1;
        break;
      }
      const next = body[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") throw new Error(`text after a closing quote at offset ${i}`);
      continue;
    }
    if (c === '"') throw new Error(`a quote inside an unquoted field at offset ${i}`);
    if (c === ",") {
      endField();
      i++;
    } else if (c === "\r" && body[i + 1] === "\n") {
      endRow();
      i += 2;
    } else if (c === "\n") {
      endRow();
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
