// Starts the official Azure Storage emulator (Azurite, Table service only) as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** Azurite's published development account; a well-known public value, not a secret. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface EmbeddedAzuriteOptions {
  /** Folder for Azurite's files; ignored with `inMemory`. */
  location?: string;
  inMemory?: boolean;
  /** 0 (default) picks a free port. */
  port?: number;
  startTimeoutMs?: number;
}

export interface EmbeddedAzurite {
  readonly port: number;
  readonly connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number, host = "127.0.0.1"): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=http://${host}:${port}/${AZURITE_ACCOUNT};`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  // A real-time deadline on purpose: this waits for a child process, not for anything the app's clock governs.
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once("exit", (code) => {
      exited = true;
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output()}`));
    });
    const attempt = (): void => {
      if (exited) return;
      const sock = net.connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`Azurite did not listen on port ${port} within ${timeoutMs} ms:\n${output()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export async function startEmbeddedAzurite(options: EmbeddedAzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const port = options.port || (await freePort());
  const main = require.resolve("azurite/dist/src/table/main.js");
  const args = [main, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--disableTelemetry", "--skipApiVersionCheck", "--silent"];
  if (options.inMemory) {
    args.push("--inMemoryPersistence");
  } else {
    const location = path.resolve(options.location ?? ".data/azurite");
    mkdirSync(location, { recursive: true });
    args.push("--location", location);
  }
  // Its own process group: a terminal's Ctrl+C reaches only us, and we stop Azurite once, gracefully.
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  const keep = (b: Buffer): void => {
    log = (log + b.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // Never leave an orphaned emulator behind.
  const killOnExit = (): void => {
    child.kill("SIGINT");
  };
  process.once("exit", killOnExit);

  await waitForPort(port, child, options.startTimeoutMs ?? 30_000, () => log);
  return {
    port,
    connectionString: azuriteConnectionString(port),
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        // Azurite saves its data and closes on SIGINT only; SIGTERM would drop the last few seconds of writes.
        child.kill("SIGINT");
      }),
  };
}
