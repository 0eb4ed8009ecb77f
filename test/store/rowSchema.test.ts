// Row schemas without storage: columns round-trip, damaged values are named by column and keys, Azure's limits hold on every write.
import assert from "node:assert/strict";
import { z } from "zod";
import { boolean, integer, json, literal, oneOf, optionalJson, optionalNumber, optionalOneOf, optionalText, readEach, rowSchema, text, textList, textOrAbsent } from "../../src/store/rowSchema";
import { MalformedRowError } from "../../src/store/malformedRowError";
import { KeyError } from "../../src/store/keys";
import { EntityTooLargeError } from "../../src/store/tableStore";

const sample = rowSchema("Jobs", "sample", {
  kind: literal("sample"),
  name: text(),
  note: optionalText(),
  count: integer(),
  score: optionalNumber(),
  done: boolean(),
  colour: oneOf(["red", "green"]),
  mood: optionalOneOf(["calm", "cross"]),
  tags: textList(),
  extra: textOrAbsent(),
  point: json(z.object({ x: z.number(), y: z.number() })),
  maybe: optionalJson(z.array(z.number())),
});
const KEY = { partitionKey: "t1", rowKey: "sample|1" };

describe("row schemas", () => {
  it("write then read gives the values back, with nulls stored the way the release stored them", () => {
    const values = { kind: "sample", name: "n", note: null, count: 3, score: null, done: false, colour: "red", mood: null, tags: ["a"], extra: null, point: { x: 1, y: 2 }, maybe: null } as const;
    const row = sample.write(KEY, values);
    assert.deepEqual(row, { partitionKey: "t1", rowKey: "sample|1", kind: "sample", name: "n", note: "", count: 3, done: false, colour: "red", mood: "", tags: '["a"]', point: '{"x":1,"y":2}', maybe: "" });
    assert.deepEqual(sample.read(row), values);
    const full = { ...values, note: "x", score: 1.5, mood: "cross" as const, extra: "e", maybe: [1, 2] };
    assert.deepEqual(sample.read(sample.write(KEY, full)), full);
  });

  it("a row missing a list reads it as empty; every other missing column is a problem", () => {
    const { tags: _tags, ...row } = sample.write(KEY, { kind: "sample", name: "n", note: null, count: 3, score: null, done: true, colour: "green", mood: null, tags: [], extra: null, point: { x: 0, y: 0 }, maybe: null });
    assert.deepEqual(sample.read(row).tags, []);
    const { name: _name, point: _point, ...broken } = row;
    assert.throws(() => sample.read(broken), (e: unknown) => e instanceof MalformedRowError && e.problems.join("; ") === "name: Required; point: Required");
  });

  it("names every failing column with its path, the table and both keys, and never quotes stored text", () => {
    const row = { partitionKey: "t1", rowKey: "sample|1", kind: "other", name: 5, note: "", count: 1.5, done: "yes", colour: "blue", mood: "sad", tags: "[1]", point: "{secret text", maybe: '["x"]' };
    assert.throws(
      () => sample.read(row),
      (e: unknown) => {
        assert.ok(e instanceof MalformedRowError);
        assert.equal(e.table, "Jobs");
        assert.equal(e.entity, "sample");
        assert.deepEqual(
          e.problems.map((p) => p.replace(/:.*/, "")),
          ["kind", "name", "count", "done", "colour", "mood", "tags.0", "point", "maybe.0"],
        );
        assert.match(e.message, /^malformed sample row in Jobs \(PartitionKey "t1", RowKey "sample\|1"\): kind: /);
        assert.doesNotMatch(e.message, /secret/);
        return true;
      },
    );
  });

  it("readEach leaves a damaged row out, tells the reporter, and lets any other error through", () => {
    const good = sample.write(KEY, { kind: "sample", name: "n", note: null, count: 3, score: null, done: true, colour: "green", mood: null, tags: [], extra: null, point: { x: 0, y: 0 }, maybe: null });
    const bad = { ...good, rowKey: "sample|2", count: "3" };
    const reported: MalformedRowError[] = [];
    const names = readEach([good, bad, good], { reportMalformedRow: (e) => reported.push(e) }, (r) => sample.read(r).name);
    assert.deepEqual(names, ["n", "n"]);
    assert.deepEqual(reported.map((e) => e.rowKey), ["sample|2"]);
    assert.throws(() => readEach([good], { reportMalformedRow: () => undefined }, () => { throw new RangeError("not a row problem"); }), RangeError);
  });

  it("every write is held to Azure's limits: key characters, 64 KiB strings, 1 MiB entities, 252 properties", () => {
    const values = { kind: "sample", name: "n", note: null, count: 3, score: null, done: true, colour: "green", mood: null, tags: [], extra: null, point: { x: 0, y: 0 }, maybe: null } as const;
    for (const bad of ["a/b", "a\\b", "a#b", "a?b", "a\u0007b", "a\u007fb"]) {
      assert.throws(() => sample.write({ partitionKey: "t1", rowKey: bad }, values), KeyError, JSON.stringify(bad));
      assert.throws(() => sample.write({ partitionKey: bad, rowKey: "r" }, values), KeyError, JSON.stringify(bad));
    }
    assert.throws(() => sample.write({ partitionKey: "t1", rowKey: "r".repeat(1025) }, values), KeyError);
    // 32,768 UTF-16 code units are 64 KiB: one more is refused.
    assert.ok(sample.write(KEY, { ...values, name: "x".repeat(32_768) }));
    assert.throws(() => sample.write(KEY, { ...values, name: "x".repeat(32_769) }), EntityTooLargeError);
    const many = rowSchema("Jobs", "wide", Object.fromEntries(Array.from({ length: 253 }, (_, i) => [`p${i}`, integer()])));
    const wide = Object.fromEntries(Array.from({ length: 253 }, (_, i) => [`p${i}`, i]));
    assert.throws(() => many.write(KEY, wide), /253 properties; Azure allows 252/);
    const big = rowSchema("Jobs", "big", Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, text()])));
    assert.throws(() => big.write(KEY, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, "y".repeat(30_000)]))), /Azure allows 1 MiB/);
  });
});
