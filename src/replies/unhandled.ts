// The exhaustiveness check every reply switch ends with: a new outcome kind without words fails to compile.
export function unhandled(x: never, family: string): never {
  throw new Error(`unhandled ${family} outcome ${JSON.stringify(x)}`);
}
