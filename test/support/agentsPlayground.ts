// Starts Microsoft's Teams emulator (@microsoft/m365agentsplayground) against a bot, offline, headless, telemetry off.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";
import { freePort } from "../../src/store/embeddedAzurite";

/** A person the emulator puts in its tenant: the first is the one signed in, the emulator insists on five more. */
export interface PlaygroundUser {
  readonly teamsId: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export interface PlaygroundOptions {
  readonly botEndpoint: string;
  readonly tenantId: string;
  readonly currentUser: PlaygroundUser;
  /** Exactly five: the config schema of 0.2.28 has minItems 5 and maxItems 5. */
  readonly users: readonly PlaygroundUser[];
  readonly team: { readonly id: string; readonly name: string; readonly channel: { readonly id: string; readonly name: string } };
  readonly startTimeoutMs?: number;
}

export interface Playground {
  /** http://127.0.0.1:<port>: the emulator binds every interface, the tests only ever use loopback. */
  readonly url: string;
  readonly serviceUrl: string;
  /** What the emulator printed and wrote to devTools/m365agentsplayground.log so far. */
  log(): string;
  stop(): Promise<void>;
}

const CLI = path.join(repoRoot, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

function yamlString(s: string): string {
  return JSON.stringify(s); // a JSON string is a valid double-quoted YAML scalar
}

function userYaml(u: PlaygroundUser, indent: string): string {
  const [given, ...rest] = u.name.split(" ");
  const upn = `${u.aadObjectId}@demo.invalid`;
  return [
    `id: ${yamlString(u.teamsId)}`,
    `name: ${yamlString(u.name)}`,
    `userPrincipleName: ${yamlString(upn)}`,
    `aadObjectId: ${yamlString(u.aadObjectId)}`,
    `givenName: ${yamlString(given ?? u.name)}`,
    `surname: ${yamlString(rest.join(" ") || u.name)}`,
    `email: ${yamlString(upn)}`,
  ]
    .map((line, i) => (i === 0 ? line : indent + line))
    .join("\n");
}

/** The emulator's `.m365agentsplayground.yml` (schema 0.1.1; note its own spelling `userPrincipleName`). */
export function playgroundConfigYaml(o: Omit<PlaygroundOptions, "botEndpoint" | "startTimeoutMs">): string {
  if (o.users.length !== 5) throw new Error(`the emulator takes exactly five users besides the current one, got ${o.users.length}`);
  return [
    `version: "0.1.1"`,
    `tenantId: ${yamlString(o.tenantId)}`,
    `bot:`,
    `  id: "28:plan-pulse-local"`,
    `  name: "Plan Pulse"`,
    `currentUser:`,
    `  ${userYaml(o.currentUser, "  ")}`,
    `users:`,
    ...o.users.map((u) => `  - ${userYaml(u, "    ")}`),
    `personalChat:`,
    `  id: "a:personal-chat"`,
    `groupChat:`,
    `  id: "19:group-chat@thread.v2"`,
    `  name: "Plan Pulse group chat"`,
    `team:`,
    `  id: ${yamlString(o.team.id)}`,
    `  name: ${yamlString(o.team.name)}`,
    `  aadGroupId: "00000000-0000-4000-8000-00000000a0a0"`,
    `  channels:`,
    `    - id: ${yamlString(o.team.channel.id)}`,
    `      name: ${yamlString(o.team.channel.name)}`,
    ``,
  ].join("\n");
}

/**
 * Starts the emulator in a temporary folder holding its config and waits until its page answers on loopback.
 * Fails (never skips) with everything the emulator said when it exits early or does not come up in time:
 * with a bad config it prints "Listening" and exits, the reason only in its log file.
 */
export async function startPlayground(o: PlaygroundOptions): Promise<Playground> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pulse-playground-"));
  writeFileSync(path.join(dir, ".m365agentsplayground.yml"), playgroundConfigYaml(o));
  const port = await freePort();
  const serviceUrl = `http://127.0.0.1:${port}/_connector`;
  let output = "";
  const logFile = path.join(dir, "devTools", "m365agentsplayground.log");
  const log = (): string => {
    const file = existsSync(logFile) ? readFileSync(logFile, "utf8") : "(no devTools/m365agentsplayground.log)";
    return `--- emulator output ---\n${output}\n--- ${logFile} ---\n${file}`;
  };
  // Run through node, not the .bin shim: no shell, and the process we stop is the emulator itself.
  const child: ChildProcess = spawn(process.execPath, [CLI, "-e", o.botEndpoint, "-c", "msteams", "-p", String(port), "--su", serviceUrl, "--dt"], {
    cwd: dir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let exited: string | null = null;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (exited === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exitedPromise;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + (o.startTimeoutMs ?? 30_000);
  for (;;) {
    // It exits a moment after "Listening" when it rejects its config: give it that moment before trusting the port.
    if (/Listening on/.test(output)) {
      await new Promise((r) => setTimeout(r, 300));
      if (exited === null) {
        const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
        if (ok && exited === null) break;
      }
    }
    if (exited !== null || performance.now() > deadline) {
      const why = exited ?? `did not answer on ${url} within ${o.startTimeoutMs ?? 30_000} ms`;
      const text = log();
      await stop();
      throw new Error(`Microsoft's Teams emulator ${why}.\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, serviceUrl, log, stop };
}
