/**
 * Power BI refreshes as the reference documents them: the 202 of a standard refresh carries only
 * RequestId; an enhanced refresh's 202 adds x-ms-request-id, Location and Retry-After, and its
 * execution details answer 202 while it runs, 200 when it ended.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D } = SAMPLE;

describe("Power BI refresh 202s", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  const refreshes = () =>
    `${emulator.urls.powerbi}/v1.0/myorg/groups/${W.sales.id}/datasets/${D.salesModel.id}/refreshes`;

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
  });
  afterAll(() => emulator.stop());

  it("standard refresh (notifyOption only): 202 with RequestId = the history's requestId, no Location or x-ms-request-id", async () => {
    const started = await call(refreshes(), app, {
      method: "POST",
      body: { notifyOption: "NoNotification" },
    });
    expect(started.status).toBe(202);
    const requestId = started.headers.get("requestid");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.headers.get("location")).toBeNull();
    expect(started.headers.get("x-ms-request-id")).toBeNull();
    const history = await call(`${refreshes()}?$top=1`, app);
    expect(history.body.value[0]).toMatchObject({ requestId, refreshType: "ViaApi" });
  });

  it("enhanced refresh: 202 with x-ms-request-id, Location to its details and Retry-After; details 202 while running, then 200", async () => {
    const started = await call(refreshes(), app, {
      method: "POST",
      body: { type: "Full", commitMode: "Transactional", objects: [{ table: "Sales" }] },
    });
    expect(started.status).toBe(202);
    const refreshId = started.headers.get("x-ms-request-id");
    expect(refreshId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.headers.get("location")).toBe(`${refreshes()}/${refreshId}`);
    expect(started.headers.get("retry-after")).toBe("0");
    expect(started.headers.get("requestid")).toMatch(/^[0-9a-f-]{36}$/);

    const running = await call(`${refreshes()}/${refreshId}`, app);
    expect(running.status).toBe(202);
    expect(running.body).toMatchObject({
      status: "Unknown",
      extendedStatus: "InProgress",
      type: "Full",
      objects: [{ table: "Sales", partition: "Sales" }],
    });
    const done = await call(`${refreshes()}/${refreshId}`, app);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: "Completed",
      extendedStatus: "Completed",
      endTime: expect.any(String),
    });
    const history = await call(`${refreshes()}?$top=1`, app);
    expect(history.body.value[0]).toMatchObject({ requestId: refreshId, refreshType: "ViaEnhancedApi" });
  });

  it("enhanced refresh refuses notifyOption, unknown tables, types and properties (400 InvalidRequest)", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: "Full", notifyOption: "NoNotification" }, "notifyOption is not supported by enhanced refresh"],
      [{ objects: [{ table: "Orders" }] }, "The table 'Orders' does not exist"],
      [{ type: "Everything" }, "type must be one of"],
      [{ type: "Full", parallel: true }, "Unknown refresh request properties: parallel"],
    ];
    for (const [body, message] of cases) {
      const refused = await call(refreshes(), app, { method: "POST", body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe("InvalidRequest");
      expect(refused.body.error.message).toContain(message);
    }
  });
});
