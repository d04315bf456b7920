import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { findAadstsError, parseFirstForm } from "./html-form.js";

export interface CompleteSignInOptions {
  /** CA file to trust for the emulator (default: whatever NODE_EXTRA_CA_CERTS gave this process). */
  caPath?: string;
}

/** Thrown when the sign-in page shows an error instead of redirecting (e.g. AADSTS50011). */
export class SignInPageError extends Error {
  constructor(
    /** e.g. "AADSTS50011" */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SignInPageError";
  }
}

interface SimpleResponse {
  status: number;
  location?: string;
  body: string;
}

/**
 * Plays the browser for the emulator's sign-in: GETs the authorize URL, then delivers
 * the auto-submitting form_post (or follows the redirect) to the app's loopback listener.
 * Device login URLs (/devicelogin?otc=...) are simply opened.
 */
export async function completeSignIn(url: string, opts: CompleteSignInOptions = {}): Promise<void> {
  const ca = opts.caPath ? await readFile(opts.caPath, "utf8") : undefined;
  const page = await send("GET", url, ca);
  const error = findAadstsError(page.body);
  if (page.status >= 400 || (error && !parseFirstForm(page.body))) {
    const message = error ?? `The sign-in page answered HTTP ${page.status}.`;
    throw new SignInPageError(/^(AADSTS\d+)/.exec(message)?.[1] ?? "UNKNOWN", message);
  }
  if (new URL(url).pathname.endsWith("/devicelogin")) return;
  if (page.status >= 300 && page.location) {
    await expectOk(await send("GET", new URL(page.location, url).toString(), ca), "redirect target");
    return;
  }
  const form = parseFirstForm(page.body);
  if (!form) throw new Error("completeSignIn: the sign-in page has no form to submit.");
  const body = new URLSearchParams(form.fields).toString();
  await expectOk(await send("POST", new URL(form.action, url).toString(), ca, body), "form_post target");
}

async function expectOk(response: SimpleResponse, what: string): Promise<void> {
  if (response.status >= 400)
    throw new Error(`completeSignIn: the ${what} answered HTTP ${response.status}.`);
}

function send(
  method: "GET" | "POST",
  url: string,
  ca: string | undefined,
  body?: string,
): Promise<SimpleResponse> {
  const target = new URL(url);
  const headers: Record<string, string> = { accept: "text/html" };
  if (body !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  const requester = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = requester(target, { method, headers, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(res.headers.location ? { location: res.headers.location } : {}),
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
