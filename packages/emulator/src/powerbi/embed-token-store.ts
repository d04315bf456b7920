import { randomBytes } from "node:crypto";
import { newGuid } from "../ids.js";
import type { EffectiveUser } from "./row-level-security.js";

/** What an embed token grants, kept server-side: the token itself carries nothing readable. */
export interface EmbedGrant {
  tokenId: string;
  /** Epoch ms (emulator clock). */
  expiresAtMs: number;
  reportIds: string[];
  datasetIds: string[];
  /** Effective identity per dataset id (RLS datasets only). */
  identities: Map<string, EffectiveUser>;
  /** Reports the token may edit (allowEdit). */
  editableReportIds: string[];
}

/** Power BI's default: an embed token lives as long as the Entra token that created it, at most an hour. */
export const DEFAULT_EMBED_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Issues and resolves embed tokens. The token is an opaque random string in the shape the
 * service returns (base64 text starting "H4sI", like its gzip-compressed tokens), so nothing —
 * a model included — can read claims out of it; the embed page resolves it by asking the store.
 */
export class EmbedTokenStore {
  private readonly grants = new Map<string, EmbedGrant>();
  private lifetimeSeconds = DEFAULT_EMBED_TOKEN_LIFETIME_SECONDS;

  constructor(private readonly nowMs: () => number) {}

  /** Shortens (or restores) the lifetime of tokens issued from now on; tests exercise renewal with it. */
  setLifetimeSeconds(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
      throw new Error("embed token lifetime: a whole number of seconds from 1 to 86400.");
    }
    this.lifetimeSeconds = seconds;
  }

  get lifetime(): number {
    return this.lifetimeSeconds;
  }

  /**
   * Issues a token. Its expiry is the earliest of the configured lifetime, the request's
   * lifetimeInMinutes and the caller's access token expiry (`notAfterMs`), as the service caps it.
   */
  issue(
    grant: Omit<EmbedGrant, "tokenId" | "expiresAtMs">,
    options: { lifetimeInMinutes?: number; notAfterMs?: number },
  ): { token: string; grant: EmbedGrant } {
    const now = this.nowMs();
    // Expired grants are kept a day, so a late load still reads "expired" rather than "unknown".
    for (const [token, old] of this.grants) {
      if (old.expiresAtMs <= now - 86_400_000) this.grants.delete(token);
    }
    const caps = [now + this.lifetimeSeconds * 1000];
    if (options.lifetimeInMinutes) caps.push(now + options.lifetimeInMinutes * 60_000);
    if (options.notAfterMs !== undefined) caps.push(options.notAfterMs);
    const full: EmbedGrant = { ...grant, tokenId: newGuid(), expiresAtMs: Math.min(...caps) };
    const token = `H4sIAAAAAAAEA${randomBytes(96).toString("base64")}`;
    this.grants.set(token, full);
    return { token, grant: full };
  }

  /** The grant behind a token, expired or not (the caller tells the two apart); undefined if unknown. */
  resolve(token: string): EmbedGrant | undefined {
    return this.grants.get(token);
  }
}
