// A TCP proxy in front of the real Azurite that can cut storage off after N more requests: "storage fails mid-question".
import net from "node:net";

const REQUEST_LINE = /(?:^|\r\n)(?:GET|POST|PUT|DELETE|PATCH|MERGE|HEAD|OPTIONS) \S+ HTTP\/1\.[01]\r\n/g;

export interface FaultyProxy {
  readonly port: number;
  /** Let `n` more HTTP requests through, then drop every connection until `restore()`. */
  failAfter(n: number): void;
  restore(): void;
  /** Requests forwarded so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

export async function startFaultyProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<FaultyProxy> {
  let allowance = Infinity;
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (allowance <= 0) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      const requests = chunk.toString("latin1").match(REQUEST_LINE)?.length ?? 0;
      if (requests > 0) {
        if (allowance < requests) {
          allowance = 0;
          drop();
          return;
        }
        allowance -= requests;
        forwarded += requests;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("close", () => {
      upstream.destroy();
      sockets.delete(client);
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
    restore() {
      allowance = Infinity;
    },
    get forwarded() {
      return forwarded;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
