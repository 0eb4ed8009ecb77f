// The benchmarks' Azurite: in memory, with point lookups by RowKey index (bench/azuritePointLookups.ts).
import path from "node:path";
import { startEmbeddedAzurite, type EmbeddedAzurite } from "../src/store/embeddedAzurite";

/**
 * The bench's Azurite: in memory, with bench/azuritePointLookups preloaded so that writes into the tenant's one big
 * partition cost O(log n) rather than O(partition) (see that file). Queries run exactly as Azurite ships them.
 */
export async function startBenchAzurite(patch: boolean): Promise<EmbeddedAzurite> {
  if (!patch) return startEmbeddedAzurite({ inMemory: true });
  // startEmbeddedAzurite spawns Node with our environment: NODE_OPTIONS carries the preload to that child only.
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${saved ?? ""} --require ${JSON.stringify(path.join(__dirname, "azuritePointLookups.js"))}`.trim();
  try {
    return await startEmbeddedAzurite({ inMemory: true });
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}
