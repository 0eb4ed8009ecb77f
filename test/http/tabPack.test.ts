// The tab's Download pack path (/api/tab/plans/:planId/pack), local mode, on the demo data: the .docx, its name, its refusals.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { readDocx } from "../support/docxXml";

describe("the tab API's committee pack", function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  it("answers the WSOA pack as a Word file named for the plan and the day, and records nothing", async () => {
    const res = await fetch(`${t.baseUrl}/api/tab/plans/wsoa/pack`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert.equal(res.headers.get("content-disposition"), "attachment; filename*=UTF-8''Committee%20pack%20-%20WSOA%20-%202020-11-01.docx");
    const doc = await readDocx(Buffer.from(await res.arrayBuffer()));
    assert.ok(doc.paragraphs.some((p) => p.style === "Heading3" && p.text === "Overdue actions (11)"));
    assert.equal(await t.app.repos.packs.latestBefore(t.tenantId, "wsoa", "2020-11-02T00:00:00.000Z"), null, "the tab's pack is a draft");
  });

  it("takes a past date, and refuses a bad one, a date to come, an unknown plan and another organisation, in JSON words", async () => {
    const past = await fetch(`${t.baseUrl}/api/tab/plans/wsoa/pack?asOf=2020-10-01`);
    assert.equal(past.status, 200);
    assert.match(past.headers.get("content-disposition") ?? "", /2020-10-01\.docx$/);
    const cases: [string, number, RegExp][] = [
      ["/api/tab/plans/wsoa/pack?asOf=1%20October", 400, /asOf, if given, is a date written yyyy-mm-dd/],
      ["/api/tab/plans/wsoa/pack?asOf=2020-12-01", 400, /after today/],
      ["/api/tab/plans/parks/pack", 404, /I don't hold a plan called “parks”/],
      ["/api/tab/plans/wsoa/pack?tenant=someone-else", 403, /your own organisation/],
    ];
    for (const [path, status, message] of cases) {
      const res = await fetch(`${t.baseUrl}${path}`);
      assert.equal(res.status, status, path);
      const body = (await res.json()) as { message: string };
      assert.match(body.message, message, path);
    }
  });
});
