import type { BenchContext } from "./context.js";
export async function distributionTables(_ctx: BenchContext): Promise<void> {}
