// The chat CLI: arguments, who --as means, and a whole exchange against a simulator-backed bot.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { parseChatArgs, resolvePerson, runChat, UsageError, type ChatIo } from "../../src/dev/chatCli";
import { registerMiniBot } from "./miniBot";
import { PEOPLE, startSimServer, type SimServer } from "./simServer";

function captureIo(env: Record<string, string | undefined> = {}): ChatIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), fetch, env };
}

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("chat CLI", () => {
  describe("parseChatArgs", () => {
    it("reads --as, --channel, --url and the message", () => {
      const args = parseChatArgs(["--as", "Head of Service", "--channel", "--url", "http://127.0.0.1:4000/", "what's", "red?"]);
      assert.deepEqual(args, { as: "Head of Service", channel: true, install: false, url: "http://127.0.0.1:4000", text: "what's red?", help: false });
      assert.equal(parseChatArgs(["--as=aad-1", "hi"]).as, "aad-1");
      assert.equal(parseChatArgs(["--", "--not-an-option"]).text, "--not-an-option");
    });

    it("defaults the URL from PORT (and a loopback HOST)", () => {
      assert.equal(parseChatArgs(["hi"]).url, "http://127.0.0.1:3978");
      assert.equal(parseChatArgs(["hi"], { PORT: "4100" }).url, "http://127.0.0.1:4100");
      assert.equal(parseChatArgs(["hi"], { PORT: "4100", HOST: "0.0.0.0" }).url, "http://127.0.0.1:4100");
    });

    it("refuses unknown options, missing values and an empty message", () => {
      assert.throws(() => parseChatArgs(["--bogus", "hi"]), UsageError);
      assert.throws(() => parseChatArgs(["--as"]), /--as needs a value/);
      assert.throws(() => parseChatArgs(["--as", "x"]), /Say something/);
      assert.equal(parseChatArgs(["--install"]).install, true, "--install needs no message");
    });
  });

  describe("resolvePerson", () => {
    const cases: [string, string | undefined, string | RegExp][] = [
      ["no --as: the Director", undefined, "aad-dana"],
      ["an aadObjectId", "aad-hana", "aad-hana"],
      ["an exact role, any case and dash", "head of service - safeguarding", "aad-harry"],
      ["part of a name", "hussain", "aad-hana"],
      ["part of a role", "early help", "aad-hana"],
      ["a second role", "plan admin", "aad-hana"],
      ["an ambiguous part", "head of service", /matches 2 people[\s\S]*Harry Hughes[\s\S]*Hana Hussain/],
      ["nobody", "mayor", /Nobody matches --as "mayor"[\s\S]*Dana Director/],
    ];
    for (const [what, query, expected] of cases) {
      it(`resolves ${what}`, () => {
        const match = resolvePerson(PEOPLE, query);
        if (typeof expected === "string") {
          assert.ok("person" in match, JSON.stringify(match));
          assert.equal(match.person.aadObjectId, expected);
        } else {
          assert.ok("error" in match, JSON.stringify(match));
          assert.match(match.error, expected);
        }
      });
    }
  });

  describe("runChat", () => {
    let s: SimServer;
    before(async () => {
      s = await startSimServer({ register: (server) => void registerMiniBot(server) });
    });
    after(async () => s.stop());

    it("prints a card reply as text", async () => {
      const io = captureIo();
      const code = await runChat(["--url", s.baseUrl, "--as", "safeguarding", "card"], io);
      assert.equal(code, 0, io.stderr.join("\n"));
      const out = io.stdout.join("\n");
      assert.match(out, /^Harry Hughes \(Head of Service – Safeguarding\) in a personal chat: card/);
      assert.match(out, /Plan Pulse:\n {2}3\.2c Reduce repeat referrals\n {2}Status: Red \(off track\)\n {2}\[Mark amber\]/);
    });

    it("speaks in the DMT channel with --channel, as the Director by default", async () => {
      const io = captureIo();
      assert.equal(await runChat(["--url", s.baseUrl, "--channel", "hello", "team"], io), 0);
      assert.match(io.stdout.join("\n"), /Dana Director .* in the DMT channel: hello team\n\nPlan Pulse:\n {2}echo: hello team/);
      assert.equal(s.simulator.activities({ conversationKey: "dmt" }).at(-1)?.activity?.text, "echo: hello team");
    });

    it("shows updates and deletes", async () => {
      const io = captureIo();
      await runChat(["--url", s.baseUrl, "edit"], io);
      assert.match(io.stdout.join("\n"), /Plan Pulse:\n {2}draft\n\n\(Plan Pulse updated a message\)\n {2}final/);
    });

    it("lists the matches when --as is ambiguous, exit 2", async () => {
      const io = captureIo();
      assert.equal(await runChat(["--url", s.baseUrl, "--as", "head", "hi"], io), 2);
      assert.match(io.stderr.join("\n"), /matches 2 people/);
    });

    it("installs with --install", async () => {
      const io = captureIo();
      assert.equal(await runChat(["--url", s.baseUrl, "--install"], io), 0);
      assert.match(io.stdout.join("\n"), /Dana Director installs Plan Pulse in a personal chat\n\nPlan Pulse:\n {2}Thanks for adding me\./);
    });

    it("says how to start Plan Pulse when nothing listens, exit 1", async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const io = captureIo();
      assert.equal(await runChat(["--url", url, "hi"], io), 1);
      assert.deepEqual(io.stderr, [`Plan Pulse is not running at ${url}: start it with npm start`]);
    });

    it("prints usage for --help and for bad arguments", async () => {
      const help = captureIo();
      assert.equal(await runChat(["--help"], help), 0);
      assert.match(help.stdout.join("\n"), /Usage: npm run chat/);
      const bad = captureIo();
      assert.equal(await runChat(["--nope"], bad), 2);
      assert.match(bad.stderr.join("\n"), /Unknown option --nope[\s\S]*Usage/);
    });
  });
});
