// The exhaustiveness check every switch over a union ends with: a new kind that no branch handles fails to compile.
export function unhandled(x: never): never {
  // The value itself says which union it came from (its kind), so no second name is needed.
  throw new Error(`no branch handles ${JSON.stringify(x)}`);
}
