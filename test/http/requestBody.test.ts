// Attacks on how /api/messages reads bodies, over HTTP against the real server: compressed bodies, size limits, broken bytes.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { startTestApp, type TestApp } from "../setup/testApp";
import { rawRequest, jsonOf, type RawAnswer } from "../support/rawHttp";
import { messageActivity } from "../../src/dev/teamsActivity";
import { simulatorServiceUrl } from "../../src/dev/devRoutes";
import { MAX_BODY_BYTES } from "../../src/http/server";
import { MAX_JSON_DEPTH } from "../../src/requestBody";

const DIRECTOR = { aadObjectId: "00000000-0000-4000-8000-000000000001", name: "Jane Clarke" };

describe("the HTTP edge reads bodies without trusting them (issue 16 findings 1 and 2)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  const messages = (request: Parameters<typeof rawRequest>[1]): Promise<RawAnswer> => rawRequest(`${t.baseUrl}/api/messages`, request);
  const helpActivity = (): string =>
    JSON.stringify(messageActivity({ serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId: t.tenantId, now: t.clock.now() }, { from: DIRECTOR, conversation: "personal", text: "help" }));
  const assertHealthy = async (): Promise<void> => {
    const health = await fetch(`${t.baseUrl}/api/health`);
    assert.equal(health.status, 200, "the server still answers");
  };

  it("finding 1: a body declared gzip that is not gzip is refused with 415, and the process keeps serving", async () => {
    // Before the fix this request killed the process: restify's Gunzip stream had no error listener.
    const r = await messages({ headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: "this is not gzip" });
    assert.equal(r.status, 415, r.text);
    assert.deepEqual(jsonOf(r), { error: "UnsupportedMediaType", message: "Compressed request bodies are not accepted: send the JSON without a Content-Encoding." });
    await assertHealthy();
  });

  it("finding 1: truncated gzip, deflate, br and stacked codings are all refused, and a real activity still gets through", async () => {
    const gz = zlib.gzipSync(Buffer.from(helpActivity()));
    const cases: [string, Buffer][] = [
      ["gzip", gz.subarray(0, gz.length - 9)],
      ["deflate", Buffer.from("not deflate")],
      ["br", Buffer.from("not brotli")],
      ["gzip, gzip", gz],
      ["x-unknown", Buffer.from(helpActivity())],
    ];
    for (const [encoding, body] of cases) {
      const r = await messages({ headers: { "content-type": "application/json", "content-encoding": encoding }, body });
      assert.equal(r.status, 415, `${encoding}: ${r.text}`);
    }
    const before = t.simulator.lastSeq();
    const plain = await messages({ headers: { "content-type": "application/json; charset=utf-8", "content-encoding": "identity" }, body: helpActivity() });
    assert.equal(plain.status, 200, plain.text);
    assert.equal(t.simulator.activities({ after: before, operations: ["send", "reply"] }).length, 1, "the bot answered the plain activity");
  });

  it("finding 2: a gzip bomb is refused before anything is inflated, however small it is on the wire", async () => {
    // 32 MB of JSON in about 32 KB: the old limit counted the compressed bytes and let it through to be inflated.
    const inflated = Buffer.concat([Buffer.from('{"type":"message","text":"'), Buffer.alloc(32 * 1024 * 1024, 0x61), Buffer.from('"}')]);
    const bomb = zlib.gzipSync(inflated, { level: 9 });
    assert.ok(bomb.length < MAX_BODY_BYTES / 4, `the bomb is ${bomb.length} bytes on the wire`);
    const heapBefore = process.memoryUsage().heapUsed;
    const answers = await Promise.all(Array.from({ length: 8 }, () => messages({ headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: bomb })));
    for (const r of answers) assert.equal(r.status, 415, r.text);
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    assert.ok(grownMb < 64, `eight bombs grew the heap by ${grownMb.toFixed(0)} MB: they were inflated`);
    await assertHealthy();
  });

  it("counts the bytes it reads, not the bytes it is told: a chunked body over the limit is 413, a declared one is refused unread", async () => {
    const big = JSON.stringify({ type: "message", text: "x".repeat(MAX_BODY_BYTES) });
    const chunked = await messages({ headers: { "content-type": "application/json" }, body: big, chunked: true });
    assert.equal(chunked.status, 413, chunked.text);
    assert.match(jsonOf(chunked).message ?? "", /larger than 256 KB/);
    const declared = await messages({ headers: { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) } });
    assert.equal(declared.status, 413, "refused on the Content-Length alone, without waiting for 50 MB");
    await assertHealthy();
  });

  it("answers every malformed body with a 4xx and a short JSON reason, never a 5xx or a stack", async () => {
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    const cases: { what: string; headers: Record<string, string>; body?: Buffer | string; status: number; reason: RegExp }[] = [
      { what: "invalid UTF-8", headers: { "content-type": "application/json" }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, reason: /not valid UTF-8/ },
      { what: "not JSON", headers: { "content-type": "application/json" }, body: "{{{{", status: 400, reason: /not valid JSON/ },
      { what: "nesting past the depth cap", headers: { "content-type": "application/json" }, body: deep, status: 400, reason: /nests deeper/ },
      { what: "a Latin-1 charset", headers: { "content-type": "application/json; charset=iso-8859-1" }, body: helpActivity(), status: 415, reason: /application\/json/ },
      { what: "a urlencoded form", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "type=message&text=hi", status: 415, reason: /application\/json/ },
      { what: "no content type", headers: {}, body: helpActivity(), status: 415, reason: /application\/json/ },
      { what: "an empty body", headers: { "content-type": "application/json" }, status: 400, reason: /body is empty/ },
      { what: "a JSON array", headers: { "content-type": "application/json" }, body: "[1,2]", status: 400, reason: /JSON object with a type/ },
    ];
    for (const c of cases) {
      const r = await messages({ headers: c.headers, body: c.body });
      assert.equal(r.status, c.status, `${c.what}: ${r.text}`);
      const json = jsonOf(r);
      assert.match(json.message ?? "", c.reason, c.what);
      assert.doesNotMatch(r.text, /at .*\.js:\d+|node_modules|stack/i, c.what);
    }
    await assertHealthy();
  });

  it("survives a client that hangs up halfway through its body", async () => {
    const r = await messages({ headers: { "content-type": "application/json", "content-length": "5000" }, body: '{"type":"message"', hangUp: true });
    // The request is incomplete: the server may answer 400 or simply see the socket close; either way it lives.
    assert.ok(r.status === 0 || r.status === 400, `status ${r.status}`);
    await assertHealthy();
  });
});
