// Test support: a bare restify server on 127.0.0.1:0 with only the dev routes (and optionally a tiny bot).
import restify, { type Server } from "restify";
import type { AddressInfo } from "node:net";
import { ManualClock } from "../../src/domain/clock";
import { registerDevRoutes, type ChannelSimulator, type DevPerson } from "../../src/dev/devRoutes";

export const TEST_TENANT = "5e6d7c8b-1a2b-4c3d-8e9f-000000000001";

export const PEOPLE: DevPerson[] = [
  { aadObjectId: "aad-dana", name: "Dana Director", roles: ["Director of Children's Services"] },
  { aadObjectId: "aad-harry", name: "Harry Hughes", roles: ["Head of Service – Safeguarding"] },
  { aadObjectId: "aad-hana", name: "Hana Hussain", roles: ["Head of Service – Early Help", "Plan admin"] },
];

export interface SimServer {
  server: Server;
  simulator: ChannelSimulator;
  baseUrl: string;
  clock: ManualClock;
  stop(): Promise<void>;
}

export interface SimServerOptions {
  /** Install restify's bodyParser first, as the real server does (default true). */
  bodyParser?: boolean;
  /** Add more routes (e.g. /api/messages) before listening. */
  register?: (server: Server) => void;
  people?: DevPerson[];
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  if (opts.bodyParser !== false) {
    server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false, rejectUnknown: true }));
  }
  const clock = new ManualClock("2025-11-20T09:00:00Z");
  let baseUrl = "";
  const simulator = registerDevRoutes(server, {
    clock,
    baseUrl: () => baseUrl,
    tenantId: TEST_TENANT,
    listPeople: async () => opts.people ?? PEOPLE,
  });
  opts.register?.(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    simulator,
    baseUrl,
    clock,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
}

export async function call(method: string, url: string, body?: unknown, rawBody?: string): Promise<JsonAnswer> {
  const res = await fetch(url, {
    method,
    headers: body !== undefined || rawBody !== undefined ? { "Content-Type": "application/json" } : {},
    body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
