// The benchmarks' options, read from the environment with a clear message for a bad value.

export function intEnv(name: string, fallback: number, min: number): number {
  const v = process.env[name];
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${v}"`);
  return n;
}
