/** The barrel is the public API: this list changes only on purpose (and with a changeset). */
import { expect, it } from "vitest";
import * as api from "../src/index.js";

it("exports exactly the public runtime API", () => {
  expect(Object.keys(api).sort()).toEqual([
    "ToolError",
    "closestNames",
    "createEntraMcpServer",
    "readServerPackage",
    "runServer",
    "runStdioServer",
  ]);
});
