// Checks card JSON with the adaptivecards SDK (its UMD bundle, which Node can load), as the testing bar asks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: { phase: number; event: number; message: string }[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

export const TEAMS_MAX_CARD_BYTES = 28 * 1024;

/** Returns the SDK's parse and validation messages; empty means the card is clean. */
export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const bytes = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (bytes > TEAMS_MAX_CARD_BYTES) problems.push(`size: ${bytes} bytes is over Teams' ${TEAMS_MAX_CARD_BYTES}`);
  return problems;
}

export function assertValidCard(json: unknown): void {
  const problems = cardProblems(json);
  if (problems.length > 0) throw new Error(`Adaptive Card problems:\n- ${problems.join("\n- ")}\n${JSON.stringify(json).slice(0, 2000)}`);
}
