import { emulatorTestConfig } from "@entra-mcp/test-support/vitest";

export default emulatorTestConfig({ include: ["test/**/*.test.ts"] });
