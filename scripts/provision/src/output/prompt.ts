/** A yes/no question on stderr, answered on stdin (only used when both are a terminal). */
import { createInterface } from "node:readline/promises";
import type { Io } from "../commands/command-setup.js";

export async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({
    input: io.stdin,
    output: io.stderr as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
