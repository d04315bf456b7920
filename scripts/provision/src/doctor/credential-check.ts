/**
 * Which Azure login DefaultAzureCredential uses (it logs "Result for <Credential>" through
 * @azure/logger, captured here for one token request and never shown) and who it is.
 */
import { AzureLogger, type AzureLogLevel, getLogLevel, setLogLevel } from "@azure/logger";
import { principalOf, tokenClaims } from "../settings/admin-credential.js";
import { type CheckResult, fail, pass } from "./check.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "credential";
const TITLE = "Azure login";

export async function checkCredential(ctx: DoctorContext): Promise<CheckResult> {
  const scope = `${ctx.config.cloud.keyVault.audience}/.default`;
  const previousLog = AzureLogger.log;
  const previousLevel: AzureLogLevel | undefined = getLogLevel();
  let used: string | undefined;
  AzureLogger.log = (...args: unknown[]) => {
    const match = /Result for (\w+): SUCCESS/.exec(args.map(String).join(" "));
    if (match) used = match[1];
  };
  setLogLevel("info");
  try {
    const token = await ctx.credential.getToken(scope);
    if (!token) throw new Error("no token");
    const who = principalOf(tokenClaims(token.token));
    const credential = used ?? "DefaultAzureCredential";
    ctx.login = { credential, principal: who.name, objectId: who.objectId };
    return pass(
      ID,
      TITLE,
      `${credential} as ${who.name}${who.objectId ? ` (object id ${who.objectId})` : ""}`,
    );
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return fail(
      ID,
      TITLE,
      `DefaultAzureCredential found no usable Azure login: ${message.slice(0, 240)}`,
      `az login --tenant ${ctx.config.tenantId}`,
    );
  } finally {
    AzureLogger.log = previousLog;
    setLogLevel(previousLevel);
  }
}
