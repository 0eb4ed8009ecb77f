// The logger: JSON lines timed by the app's clock, children that carry ids, secrets redacted, an error's stack only at debug.
import assert from "node:assert/strict";
import { createLogger, errorFields, type LogLevel } from "../src/logger";
import { ManualClock } from "../src/domain/clock";
import { turnLogger } from "../src/teams/turnLog";

function capture(level: LogLevel, clock = new ManualClock("2020-11-01T09:00:00Z")) {
  const lines: string[] = [];
  const log = createLogger(level, () => clock.now(), (l) => lines.push(l));
  return { log, lines, clock, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes one JSON line per event, timed by the app's clock, at or above its level", () => {
    const { log, lines, clock, parsed } = capture("info");
    log.debug("hidden");
    log.info("shown", { plan: "wsoa" });
    clock.advance(1000);
    log.error("failed", errorFields(new TypeError("bad thing")));
    assert.ok(lines.every((l) => !l.includes("\n")), "one line each");
    assert.deepEqual(parsed(), [
      { t: "2020-11-01T09:00:00.000Z", level: "info", msg: "shown", plan: "wsoa" },
      { t: "2020-11-01T09:00:01.000Z", level: "error", msg: "failed", error: "TypeError", message: "bad thing" },
    ]);
  });

  it("gives children their bindings on every line, nested children adding theirs", () => {
    const { log, parsed } = capture("debug");
    const job = log.child({ job: "outbox", tenantId: "t-1" });
    job.info("sent", { key: "digest|1" });
    job.child({ key: "digest|2" }).warn("retry");
    log.info("parent unchanged");
    assert.deepEqual(
      parsed().map(({ t: _t, ...rest }) => rest),
      [
        { level: "info", msg: "sent", job: "outbox", tenantId: "t-1", key: "digest|1" },
        { level: "warn", msg: "retry", job: "outbox", tenantId: "t-1", key: "digest|2" },
        { level: "info", msg: "parent unchanged" },
      ],
    );
  });

  it("a turn's logger names the tenant, conversation and activity, and nothing about the person", () => {
    const { log, parsed } = capture("info");
    turnLogger(log, {
      type: "message",
      id: "act-9",
      text: "3.2c red: private words",
      from: { id: "29:u", name: "Daniel Okoro", aadObjectId: "aad-daniel" },
      conversation: { id: "a:conv-1", isGroup: false, conversationType: "personal", name: "" },
      channelData: { tenant: { id: "tenant-1" } },
    }).error("turn failed", errorFields(new Error("boom")));
    const [line] = parsed();
    assert.deepEqual(
      { tenantId: line!.tenantId, conversationId: line!.conversationId, activityId: line!.activityId, activityType: line!.activityType },
      { tenantId: "tenant-1", conversationId: "a:conv-1", activityId: "act-9", activityType: "message" },
    );
    assert.doesNotMatch(JSON.stringify(line), /Daniel|aad-daniel|private words/);
  });

  it("redacts secrets by field name, at the top level and one object down, and connection-string keys inside text", () => {
    const { log, lines } = capture("info");
    log.warn("oops", {
      password: "hunter2",
      config: { MicrosoftAppPassword: "app-secret", storageConnectionString: "conn-secret", port: 3978 },
      headers: { authorization: "Bearer eyJ-token" },
      message: "request to DefaultEndpointsProtocol=https;AccountName=x;AccountKey=key-secret== failed (?sv=1&sig=sas-secret)",
    });
    const line = lines[0]!;
    for (const secret of ["hunter2", "app-secret", "conn-secret", "eyJ-token", "key-secret", "sas-secret"]) assert.ok(!line.includes(secret), `${secret} in ${line}`);
    const parsed = JSON.parse(line) as { password: string; config: { MicrosoftAppPassword: string; port: number }; headers: { authorization: string } };
    assert.equal(parsed.password, "[redacted]");
    assert.equal(parsed.config.MicrosoftAppPassword, "[redacted]");
    assert.equal(parsed.config.port, 3978, "what is not secret stays");
    assert.equal(parsed.headers.authorization, "[redacted]");
  });

  it("never puts a stack in an error's fields, and logs it only when debug lines are on", () => {
    const fields = errorFields(new Error("boom"));
    assert.equal("stack" in fields, false);
    assert.deepEqual(Object.keys(fields), ["error", "message"]);

    const info = capture("info");
    info.log.error("failed", errorFields(new Error("boom")));
    assert.equal(info.parsed()[0]!.stack, undefined);
    assert.doesNotMatch(info.lines[0]!, /at .*logger\.test/);

    const debug = capture("debug");
    debug.log.child({ job: "schedule" }).error("failed", errorFields(new Error("boom")));
    assert.match(String(debug.parsed()[0]!.stack), /^Error: boom\n\s+at /);
  });

  it("writes human-readable lines when asked (a terminal), with the same fields", () => {
    const lines: string[] = [];
    const log = createLogger("info", () => new Date("2020-11-01T09:00:00Z"), (l) => lines.push(l), { pretty: true });
    log.child({ tenantId: "t-1" }).info("demo data loaded", { plans: 3, password: "hunter2" });
    const text = lines.join("\n").replace(/\x1b\[[0-9;]*m/g, "");
    assert.match(text, /INFO.*demo data loaded/);
    assert.match(text, /tenantId: "t-1"/);
    assert.match(text, /plans: 3/);
    assert.doesNotMatch(text, /hunter2/);
    assert.throws(() => JSON.parse(lines[0]!), "not JSON");
  });
});
