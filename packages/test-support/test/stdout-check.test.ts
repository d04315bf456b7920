/** The e2e stdout check itself: it must catch a stray line that is not a JSON-RPC message. */
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { impureStdoutLines, startChildServer } from "../src/child-server.js";

const NOISY = fileURLToPath(new URL("./fixtures/noisy-bin.mjs", import.meta.url));

it("flags stdout lines that are not JSON-RPC messages", async () => {
  const server = await startChildServer(NOISY, { PATH: process.env.PATH });
  const { tools } = await server.client.listTools();
  await server.close();
  expect(tools.length).toBeGreaterThan(0);
  expect(impureStdoutLines(server.transport)).toEqual(["starting the server..."]);
  expect(server.transport.stdoutLines.length).toBeGreaterThan(1);
});
