// Mocha global fixtures: one in-memory Azurite for the whole run, started on first use, stopped at the end.
import { startEmbeddedAzurite, type EmbeddedAzurite } from "../../src/store/embeddedAzurite";

let azurite: Promise<EmbeddedAzurite> | null = null;

/** The run's Azurite (random free port, in memory). Each test isolates itself with its own table prefix. */
export function sharedAzurite(): Promise<EmbeddedAzurite> {
  azurite ??= startEmbeddedAzurite({ inMemory: true });
  return azurite;
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (azurite) await (await azurite).stop();
}
