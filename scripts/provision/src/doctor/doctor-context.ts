/** What the doctor checks share: the real configuration, the person's login, clients, and what earlier checks found. */
import type { TokenCredential } from "@azure/identity";
import type { AuthConfig } from "@entra-mcp/auth-core";
import type { Clients } from "../clients/create-clients.js";
import type { GraphApplication, GraphKeyCredential } from "../clients/graph-types.js";
import type { RequestLedger } from "../clients/request-ledger.js";
import { cliCommand } from "../output/cli-command.js";

export interface DoctorContext {
  config: AuthConfig;
  /** Undefined when the certificate is a local file (ENTRA_MCP_CERT_PATH). */
  vault: { url: string; certName: string } | undefined;
  credential: TokenCredential;
  ledger: RequestLedger;
  clients: Clients;
  servers: string[];
  rootDir: string;
  /** Who the person's Azure login is (for `add-teammate <who>` fixes). */
  login: { credential: string; principal: string; objectId: string | undefined } | undefined;
  /** SHA-1 thumbprint of the vault's current certificate, once read. */
  certificateThumbprint: string | undefined;
  app: GraphApplication | undefined;
  appKeys: GraphKeyCredential[] | undefined;
  /** Why the app registration could not be read, if it could not. */
  appUnreadable: string | undefined;
  /** The provision flags that find this app again (e.g. `--name` when it is not the default). */
  provisionFlags: string[];
}

/** The provision command that fixes a failure: `flags` first, then the ones that find this app. */
export function provisionFix(ctx: Pick<DoctorContext, "provisionFlags">, ...flags: string[]): string {
  return cliCommand("provision", ...flags, ...ctx.provisionFlags);
}
