// A TCP proxy in front of the real Azurite that injects storage faults: cut off, frozen, a lost reply, a cut mid-batch.
import net from "node:net";

// A request starts a chunk (the SDK never pipelines); lines inside a batch's multipart body are not requests.
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH|MERGE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/;

/** Which requests a one-off fault applies to: its method and path, e.g. `/^POST .*\$batch/` for a transaction. */
export type RequestMatch = RegExp;

export const BATCH: RequestMatch = /^POST \S*(\$|%24)batch/i;

export interface FaultyProxy {
  readonly port: number;
  /** Let `n` more HTTP requests through, then drop every connection until `restore()`. */
  failAfter(n: number): void;
  /**
   * The service goes silent: connections are accepted, nothing is forwarded and nothing answered (no reset, no
   * refusal) until `restore()`, which then closes what was held, as a client that gave up would find it.
   */
  freeze(): void;
  /** The next `count` matching requests reach Azurite in full (and are applied); their replies are lost and the connection reset. */
  dropReplyAfterCommit(match?: RequestMatch, count?: number): void;
  /** The next matching request reaches Azurite in full (and is applied); then the service goes silent, as with `freeze()`. */
  freezeAfter(match?: RequestMatch): void;
  /** The next `count` matching requests are cut off part-way through their body: Azurite never gets them whole. */
  cutMidRequest(match?: RequestMatch, count?: number): void;
  restore(): void;
  /** Requests forwarded so far. */
  readonly forwarded: number;
  /** Requests that met a one-off fault so far. */
  readonly faulted: number;
  close(): Promise<void>;
}

type OneOff = { kind: "dropReply" | "cutRequest" | "freezeAfter"; match: RequestMatch; left: number };

export async function startFaultyProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<FaultyProxy> {
  let allowance = Infinity;
  let frozen = false;
  let forwarded = 0;
  let faulted = 0;
  const oneOffs: OneOff[] = [];
  const sockets = new Set<net.Socket>();
  const held = new Set<net.Socket>();

  /** The one-off fault for a request line, if any is armed for it (used up as it is taken). */
  const takeFault = (line: string): OneOff["kind"] | null => {
    const f = oneOffs.find((o) => o.left > 0 && o.match.test(line));
    if (!f) return null;
    f.left--;
    faulted++;
    return f.kind;
  };

  const server = net.createServer((client) => {
    if (allowance <= 0) {
      client.destroy();
      return;
    }
    if (frozen) {
      // Accepted and ignored: the caller waits for an answer that never comes.
      sockets.add(client);
      held.add(client);
      client.on("data", () => undefined);
      client.on("error", () => undefined);
      client.on("close", () => {
        sockets.delete(client);
        held.delete(client);
      });
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    // The fault of the request now in flight on this connection (HTTP/1.1 without pipelining: one at a time).
    let current: OneOff["kind"] | null = null;
    // The request that froze the service is still sent whole (its body may follow in later chunks).
    let committing = false;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      if (committing) {
        upstream.write(chunk);
        return;
      }
      if (frozen) {
        held.add(client);
        return;
      }
      const text = chunk.toString("latin1");
      const start = REQUEST_LINE.exec(text);
      const lines = start ? [`${start[1]} ${start[2]}`] : [];
      if (lines.length > 0) {
        if (allowance < lines.length) {
          allowance = 0;
          drop();
          return;
        }
        allowance -= lines.length;
        forwarded += lines.length;
        current = takeFault(lines[lines.length - 1]!);
        if (current === "freezeAfter") {
          // This one is applied; from here on the service is silent, its answer included.
          upstream.write(chunk);
          frozen = true;
          committing = true;
          held.add(client);
          return;
        }
        if (current === "cutRequest") {
          // Half of what was sent, then the connection goes: the request is never complete at the service.
          upstream.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), () => setTimeout(drop, 20));
          return;
        }
      } else if (current === "cutRequest") {
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (frozen) {
        held.add(client);
        return;
      }
      if (current === "dropReply") {
        // The service has applied the request and is answering: the answer is lost on the way back.
        drop();
        return;
      }
      client.write(chunk);
    });
    client.on("close", () => {
      upstream.destroy();
      sockets.delete(client);
      held.delete(client);
    });
    upstream.on("close", () => {
      client.destroy();
      sockets.delete(upstream);
    });
    client.on("error", drop);
    upstream.on("error", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    failAfter(n) {
      allowance = n;
    },
    freeze() {
      frozen = true;
    },
    dropReplyAfterCommit(match = BATCH, count = 1) {
      oneOffs.push({ kind: "dropReply", match, left: count });
    },
    freezeAfter(match = BATCH) {
      oneOffs.push({ kind: "freezeAfter", match, left: 1 });
    },
    cutMidRequest(match = BATCH, count = 1) {
      oneOffs.push({ kind: "cutRequest", match, left: count });
    },
    restore() {
      allowance = Infinity;
      frozen = false;
      oneOffs.length = 0;
      for (const s of held) s.destroy();
      held.clear();
    },
    get forwarded() {
      return forwarded;
    },
    get faulted() {
      return faulted;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
