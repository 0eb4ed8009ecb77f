// End to end: "committee pack for the WSOA" in a personal chat, through Teams' file consent flow on the simulator (accept and decline).
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, textsOf, type SimSendResult } from "../support/simClient";
import { readDocx } from "../support/docxXml";
import { PACK_DECLINED_REPLY, PACK_ONLY_IN_PERSONAL_CHAT } from "../../src/replies/packReplies";
import { FILE_CONSENT_TYPE, FILE_INFO_TYPE, readConsentAnswer } from "../../src/teams/fileConsent";

const JANE = "00000000-0000-4000-8000-000000000001";

type Attachment = { contentType: string; content: unknown; name?: string; contentUrl?: string };

function attachmentsOf(r: SimSendResult, type: string): { activityId: string; attachment: Attachment }[] {
  return r.activities.flatMap((a) => (a.activity?.attachments ?? []).filter((x) => x.contentType === type).map((attachment) => ({ activityId: a.activityId, attachment })));
}

describe("the committee pack in a personal chat (file consent on the simulator)", function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  const ask = (text: string, conversation: "personal" | "dmt" = "personal") => simSend(t.baseUrl, { as: JANE, conversation, text });

  it("offers the WSOA pack as a file, uploads it on accept to a loopback address, and shows the file card", async () => {
    const offered = await ask("committee pack for the WSOA as at 1 November");
    const [consent] = attachmentsOf(offered, FILE_CONSENT_TYPE);
    assert.ok(consent, JSON.stringify(offered.activities.map((a) => a.activity?.text)));
    assert.equal(consent.attachment.name, "Committee pack - WSOA - 2020-11-01.docx");
    const content = consent.attachment.content as { description: string; sizeInBytes: number; acceptContext: unknown };
    assert.match(content.description, /^Committee pack as at Sunday 1 November 2020 \(WSOA: 33 actions, 11 overdue\)/);
    assert.ok(content.sizeInBytes > 5_000);
    assert.deepEqual(content.acceptContext, { kind: "committeePack", planText: "wsoa", asOfDate: "2020-11-01" });

    const accepted = await simSend(t.baseUrl, { as: JANE, conversation: "personal", fileConsent: { replyToId: consent.activityId, action: "accept" } });
    assert.equal(accepted.status, 200, accepted.error);
    const [info] = attachmentsOf(accepted, FILE_INFO_TYPE);
    assert.ok(info, JSON.stringify(accepted.activities));
    assert.equal(info.attachment.name, "Committee pack - WSOA - 2020-11-01.docx");
    const url = new URL(info.attachment.contentUrl!);
    assert.equal(url.hostname, "127.0.0.1", "the upload and the file stay on this machine");
    assert.match(textsOf(accepted)[0]!, /^Here is Committee pack - WSOA - 2020-11-01\.docx\./);

    const file = await fetch(url);
    assert.equal(file.status, 200);
    const doc = await readDocx(Buffer.from(await file.arrayBuffer()));
    assert.ok(doc.paragraphs.some((p) => p.style === "Heading3" && p.text === "Overdue actions (11)"));
    assert.ok(doc.paragraphs.some((p) => p.style === "Heading2" && p.text === "Progress of every action (33)"));

    const recorded = await t.app.repos.packs.latestBefore(t.tenantId, "wsoa", "2020-11-02T00:00:00.000Z");
    assert.equal(recorded?.door, "chat");
    assert.equal(recorded?.issuedBy, JANE);
  });

  it("sends nothing and records nothing when the user declines", async () => {
    const files = async () => ((await (await fetch(`${t.baseUrl}/_sim/api/files`)).json()) as { files: { uploaded: boolean }[] }).files;
    const uploadedBefore = (await files()).filter((f) => f.uploaded).length;
    const offered = await ask("committee pack for all plans");
    const [consent] = attachmentsOf(offered, FILE_CONSENT_TYPE);
    assert.match(consent!.attachment.name!, /^Committee pack - all plans - 2020-11-01\.docx$/);
    const declined = await simSend(t.baseUrl, { as: JANE, conversation: "personal", fileConsent: { replyToId: consent!.activityId, action: "decline" } });
    assert.equal(declined.status, 200, declined.error);
    assert.deepEqual(textsOf(declined), [PACK_DECLINED_REPLY]);
    assert.equal(attachmentsOf(declined, FILE_INFO_TYPE).length, 0);
    assert.equal((await files()).filter((f) => f.uploaded).length, uploadedBefore);
    assert.equal(await t.app.repos.packs.latestBefore(t.tenantId, "departmental-plan", "2020-11-02T00:00:00.000Z"), null);
  });

  it("answers in words where no file can be offered: a channel, an unknown plan, a date to come", async () => {
    assert.deepEqual(textsOf(await ask("committee pack for the WSOA", "dmt")), [PACK_ONLY_IN_PERSONAL_CHAT]);
    assert.match(textsOf(await ask("committee pack for the parks plan"))[0]!, /I don't hold a plan called “parks/);
    assert.match(textsOf(await ask("committee pack for the WSOA as at 2020-12-25"))[0]!, /2020-12-25 is after today \(2020-11-01\)/);
  });

  it("accepts only its own consent context and an upload address that is https or on this machine", () => {
    const context = { kind: "committeePack", planText: "WSOA", asOfDate: null };
    const info = { name: "p.docx", contentUrl: "https://contoso.sharepoint.com/p.docx", uniqueId: "u1", fileType: "docx" };
    assert.equal(readConsentAnswer({ action: "accept", context, uploadInfo: { ...info, uploadUrl: "https://contoso.sharepoint.com/upload" } }).ok, true);
    assert.equal(readConsentAnswer({ action: "accept", context, uploadInfo: { ...info, uploadUrl: "http://127.0.0.1:9/upload" } }).ok, true);
    assert.equal(readConsentAnswer({ action: "accept", context, uploadInfo: { ...info, uploadUrl: "http://contoso.example/upload" } }).ok, false);
    assert.equal(readConsentAnswer({ action: "accept", context }).ok, false);
    assert.equal(readConsentAnswer({ action: "decline", context: { kind: "somethingElse" } }).ok, false);
  });
});
