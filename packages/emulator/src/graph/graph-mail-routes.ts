import type { Context, Hono } from "hono";
import { newGuid } from "../ids.js";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { basicOnly, FULL_MAIL, NOT_BASIC } from "./graph-content-permissions.js";
import { graphError, meNeedsDelegated } from "./graph-errors.js";
import { messageJson } from "./graph-json.js";
import { KqlSyntaxError, parseMailSearch } from "./graph-mail-search.js";
import { READ_MY_MAIL, SEND_MY_MAIL } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";
import type { MailAddress } from "./graph-types.js";

/** /me/messages (delegated only) and /me/sendMail, which records and delivers inside the tenant. */
export function registerGraphMailRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/me/messages", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_MY_MAIL);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const basic = basicOnly(claims, FULL_MAIL);
    const refused = refuseBeyondBasic(c, basic) ?? refuseSearchCombination(c);
    if (refused) return refused;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Message",
      odataType: "microsoft.graph.message",
      contextFragment: `users('${claims.oid}')/messages`,
      items: deps.graph.listMessages(claims.oid).map((m) => basicView(messageJson(m), basic)),
      customSearch: (raw) => {
        try {
          return parseMailSearch(raw);
        } catch (error) {
          if (error instanceof KqlSyntaxError) return graphError(c, 400, "BadRequest", error.message);
          throw error;
        }
      },
      alwaysInclude: ["@odata.etag", "id"],
      filterable: {
        isRead: ["eq", "ne"],
        importance: ["eq", "ne"],
        hasAttachments: ["eq"],
        subject: ["eq", "startswith", "contains"],
        receivedDateTime: ["eq", "ge", "gt", "le", "lt"],
        "from/emailAddress/address": ["eq"],
      },
      orderable: ["receivedDateTime", "subject"],
      pageSize: { default: 10, max: 1000 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/me/messages/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_MY_MAIL);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const basic = basicOnly(claims, FULL_MAIL);
    const refused = refuseBeyondBasic(c, basic);
    if (refused) return refused;
    const id = decodeURIComponent(c.req.param("id"));
    const message = deps.graph.listMessages(claims.oid).find((m) => m.id === id);
    if (!message) {
      return graphError(c, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }
    return graphEntity(
      c,
      deps.graphUrl,
      `users('${claims.oid}')/messages`,
      basicView(messageJson(message), basic),
    );
  });

  app.post("/v1.0/me/sendMail", async (c) => {
    const claims = await authorizeGraph(c, deps, SEND_MY_MAIL);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const sender = deps.directory.getUser(claims.oid);
    if (!sender)
      return graphError(c, 404, "Request_ResourceNotFound", `Resource '${claims.oid}' does not exist.`);
    const parsed = await readSendMailBody(c);
    if (parsed instanceof Response) return parsed;

    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const from: MailAddress = { name: sender.displayName, address: sender.mail ?? sender.upn };
    deps.graph.recordSent({
      senderOid: sender.oid,
      senderUpn: sender.upn,
      ...parsed,
      sentDateTime: now,
    });
    // Recipients inside the tenant find the message in their inbox, like Exchange would deliver it.
    const conversationId = newGuid();
    for (const to of [...parsed.toRecipients, ...parsed.ccRecipients, ...parsed.bccRecipients]) {
      const user = deps.directory.findUser(to.address);
      const byMail = deps.directory
        .listUsers()
        .find((u) => u.mail?.toLowerCase() === to.address.toLowerCase());
      const recipient = user ?? byMail;
      if (!recipient) continue;
      deps.graph.addMessage(recipient.oid, {
        subject: parsed.subject,
        body: {
          contentType: parsed.body.contentType === "html" ? "html" : "text",
          content: parsed.body.content,
        },
        from,
        toRecipients: parsed.toRecipients,
        ccRecipients: parsed.ccRecipients,
        receivedDateTime: now,
        sentDateTime: now,
        isRead: false,
        importance: "normal",
        hasAttachments: false,
        conversationId,
      });
    }
    return c.body(null, 202);
  });
}

/**
 * Mail.ReadBasic covers every message property except body, bodyPreview, uniqueBody, attachments and
 * extensions, and not $search: asking for those with only the basic scope is Exchange's 403.
 */
function refuseBeyondBasic(c: Context, basic: boolean): Response | undefined {
  if (!basic) return undefined;
  const selected = (c.req.query("$select") ?? "").split(",").map((f) => f.trim());
  const expanded = (c.req.query("$expand") ?? "").split(",").map((f) => f.trim());
  const beyond = [...selected, ...expanded].some((f) => NOT_BASIC.includes(f));
  if (beyond || c.req.query("$search") !== undefined) {
    return graphError(c, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  }
  return undefined;
}

/** Outlook's $search ranks its own results: it takes neither $filter nor $orderby beside it. */
function refuseSearchCombination(c: Context): Response | undefined {
  if (c.req.query("$search") === undefined) return undefined;
  if (c.req.query("$orderby") !== undefined) {
    return graphError(
      c,
      400,
      "SearchWithOrderBy",
      "The query parameter '$orderBy' is not supported with '$search'.",
    );
  }
  if (c.req.query("$filter") !== undefined) {
    return graphError(
      c,
      400,
      "SearchWithFilter",
      "The query parameter '$filter' is not supported with '$search'.",
    );
  }
  return undefined;
}

/** A message as a Mail.ReadBasic token sees it without $select: the withheld properties left out. */
function basicView(message: Record<string, unknown>, basic: boolean): Record<string, unknown> {
  if (!basic) return message;
  return Object.fromEntries(Object.entries(message).filter(([name]) => !NOT_BASIC.includes(name)));
}

interface SendMailBody {
  subject: string;
  body: { contentType: string; content: string };
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
  bccRecipients: MailAddress[];
  saveToSentItems: boolean;
}

/** Validates a sendMail payload with the errors Exchange Online gives for the common mistakes. */
async function readSendMailBody(c: Context): Promise<SendMailBody | Response> {
  const text = await c.req.text();
  if (!text.trim()) return graphError(c, 400, "BadRequest", "Empty Payload. JSON content expected.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return graphError(
      c,
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
  const message = (json as { message?: unknown }).message;
  if (typeof message !== "object" || message === null) {
    return graphError(c, 400, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
  }
  const m = message as Record<string, unknown>;
  const to = recipients(m.toRecipients);
  const cc = recipients(m.ccRecipients);
  const bcc = recipients(m.bccRecipients);
  if (to.length + cc.length + bcc.length === 0) {
    return graphError(
      c,
      400,
      "ErrorInvalidRecipients",
      "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
    );
  }
  const invalid = [...to, ...cc, ...bcc].find((r) => !/^[^@\s]+@[^@\s]+$/.test(r.address));
  if (invalid) {
    return graphError(
      c,
      400,
      "ErrorInvalidRecipients",
      `At least one recipient is not valid., Recipient '${invalid.address}' is not resolved. All recipients must be resolved before a message can be submitted.`,
    );
  }
  const body = (m.body ?? {}) as { contentType?: unknown; content?: unknown };
  const save = (json as { saveToSentItems?: unknown }).saveToSentItems;
  return {
    subject: typeof m.subject === "string" ? m.subject : "",
    body: {
      contentType: typeof body.contentType === "string" ? body.contentType.toLowerCase() : "text",
      content: typeof body.content === "string" ? body.content : "",
    },
    toRecipients: to,
    ccRecipients: cc,
    bccRecipients: bcc,
    saveToSentItems: save === undefined ? true : save === true || save === "true",
  };
}

function recipients(value: unknown): MailAddress[] {
  if (!Array.isArray(value)) return [];
  return value.map((r) => {
    const email = (r as { emailAddress?: { address?: unknown; name?: unknown } }).emailAddress ?? {};
    const address = typeof email.address === "string" ? email.address : "";
    return { address, name: typeof email.name === "string" ? email.name : address };
  });
}
