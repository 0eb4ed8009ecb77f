// Local mode only: mounts the channel simulator (/_sim/v3/*), its JSON front door (/_sim/api/*) and the playground.

import type { Request, Response, Server } from "restify";
import type { Clock } from "../domain/clock";
import { ChannelSimulator, type DevPerson } from "./channelSimulator";
import { HttpError, readJsonBody, requestTarget, writeError, writeJson } from "./devHttp";
import { PlaygroundFiles } from "./playgroundFiles";
import { repoRoot } from "../appPaths";
import { SimulatorFrontDoor } from "./simulatorFrontDoor";
import { FILES_PATH, SimulatedOneDrive } from "./simulatedOneDrive";

/** Larger than any committee pack (a 1,000-action plan's is well under 1 MB), small enough to refuse a runaway upload. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type { DevPerson } from "./channelSimulator";
export { ChannelSimulator } from "./channelSimulator";

export interface DevRouteDeps {
  clock: Clock;
  /** e.g. "http://127.0.0.1:3978", known once the server listens. */
  baseUrl(): string;
  /** The demo tenant. */
  tenantId: string;
  /** The demo people directory. */
  listPeople(): Promise<DevPerson[]>;
  /** One pass of the schedule (update cycles, channel posts, the outbox), for the playground's "run the schedule" button. */
  runSchedule?: () => Promise<unknown>;
  /** Where web/playground and node_modules live; found from package.json when omitted. */
  repoRoot?: string;
}

/** The path prefix of the simulated Bot Connector; activities' serviceUrl is `${baseUrl}${SIMULATOR_PATH}/`. */
export const SIMULATOR_PATH = "/_sim";

/** The serviceUrl to put on activities so the bot's replies reach the simulator. */
export function simulatorServiceUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${SIMULATOR_PATH}/`;
}

/**
 * Registers the dev routes on `server` and returns the simulator behind them, for tests to inspect and
 * to inject faults into. Call only in local mode: these routes are unauthenticated.
 */
export function registerDevRoutes(server: Server, deps: DevRouteDeps): ChannelSimulator {
  const simulator = new ChannelSimulator({ clock: deps.clock, tenantId: deps.tenantId, listPeople: deps.listPeople });
  const oneDrive = new SimulatedOneDrive();
  const frontDoor = new SimulatorFrontDoor({
    simulator,
    oneDrive,
    clock: deps.clock,
    tenantId: deps.tenantId,
    baseUrl: () => deps.baseUrl().replace(/\/+$/, ""),
    listPeople: deps.listPeople,
  });
  const playground = new PlaygroundFiles(deps.repoRoot ?? repoRoot);

  const connector = handler(async (req, res) => {
    const { segments, query } = requestTarget(req, `${SIMULATOR_PATH}/`);
    const body = req.method === "GET" || req.method === "DELETE" ? undefined : await readJsonBody(req);
    const answer = await simulator.handle({ method: req.method ?? "GET", segments, query, body });
    writeJson(res, answer.status, answer.body, answer.headers);
  });
  const api = handler(async (req, res) => {
    const { segments, query } = requestTarget(req, `${SIMULATOR_PATH}/api/`);
    // The front door changes state: even an empty POST must be JSON, which no HTML form can send.
    const body = req.method === "GET" ? undefined : await readJsonBody(req, "always");
    const answer = await frontDoor.handle(req.method ?? "GET", segments, query, body);
    writeJson(res, answer.status, answer.body);
  });
  const files = handler((req, res) => playground.serve(req, res));
  // The simulated OneDrive: the bot PUTs an accepted file to its upload URL; the file card's link GETs it back.
  const driveFile = handler(async (req, res) => {
    const { segments } = requestTarget(req, `${FILES_PATH}/`);
    const id = segments.length === 1 ? segments[0]! : "";
    if (req.method === "PUT") {
      const bytes = await readRawBody(req, MAX_UPLOAD_BYTES);
      if (!oneDrive.receive(id, bytes)) throw new HttpError(404, `No upload session ${id}`, "NotFound");
      writeJson(res, 201, { id, size: bytes.length });
      return;
    }
    const file = oneDrive.file(id);
    if (!file) throw new HttpError(404, `No file ${id}`, "NotFound");
    res.writeHead(200, {
      "Content-Type": file.name.endsWith(".docx") ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "application/octet-stream",
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "no-store",
    });
    res.end(file.bytes);
  });
  const schedule = handler(async (_req, res) => {
    if (!deps.runSchedule) {
      writeJson(res, 404, { error: "NotFound", message: "This app has no schedule to run" });
      return;
    }
    writeJson(res, 200, { runs: await deps.runSchedule() });
  });

  // Bot Connector clients send DELETE (and GET) without Content-Length or Content-Type; a host server whose
  // bodyParser rejects unknown media types would answer 415. Say "empty body" explicitly, for our paths only.
  server.pre((req: Request, _res: Response, next: (err?: unknown) => void) => {
    const url = req.url ?? "";
    if (url.startsWith(`${SIMULATOR_PATH}/`) && req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
      req.headers["content-length"] = "0";
    }
    next();
  });

  // Wildcards, not `:params`: the handlers split the raw URL themselves (see requestTarget).
  server.get(`${SIMULATOR_PATH}/v3/*`, connector);
  server.post(`${SIMULATOR_PATH}/v3/*`, connector);
  server.put(`${SIMULATOR_PATH}/v3/*`, connector);
  server.del(`${SIMULATOR_PATH}/v3/*`, connector);
  server.get(`${SIMULATOR_PATH}/api/*`, api);
  server.post(`${SIMULATOR_PATH}/api/*`, api);
  server.put(`${SIMULATOR_PATH}/api/*`, api);
  // Registered before the front door's wildcard so this path is ours.
  server.post(`${SIMULATOR_PATH}/api/schedule/run`, schedule);
  server.put(`${FILES_PATH}/*`, driveFile);
  server.get(`${FILES_PATH}/*`, driveFile);
  server.get("/playground", files);
  server.get("/playground/*", files);
  // The first address a newcomer opens: in local mode it leads to the playground rather than a JSON 404.
  server.get("/", (_req: Request, res: Response, next: (err?: unknown) => void) => {
    res.writeHead(302, { Location: "/playground", "Cache-Control": "no-store" });
    res.end();
    next(false);
  });
  return simulator;
}

type AsyncHandler = (req: Request, res: Response) => Promise<void>;

/** Adapts an async handler to restify: answers errors as JSON and ends the chain once answered. */
function handler(fn: AsyncHandler): (req: Request, res: Response, next: (err?: unknown) => void) => void {
  return (req, res, next) => {
    fn(req, res)
      .catch((err: unknown) => {
        if (!res.headersSent) writeError(res, err);
      })
      .finally(() => next(false));
  };
}

/** The request's bytes as sent (an uploaded file is not JSON), refused past `limitBytes`. */
async function readRawBody(req: Request, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new HttpError(413, `Upload larger than ${limitBytes} bytes`, "PayloadTooLarge");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
