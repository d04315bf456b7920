#!/usr/bin/env node
// Scripted "browser" for ENTRA_MCP_BROWSER: the URL to open is the last argument.
// Exit 0 when the sign-in was delivered, 1 with the AADSTS error when the page showed
// one, 2 on usage or network errors. Trust comes from NODE_EXTRA_CA_CERTS or --ca <file>.
import { completeSignIn, SignInPageError } from "./browser/complete-sign-in.js";

const args = process.argv.slice(2);
const url = args.at(-1);
const caIndex = args.indexOf("--ca");
const caPath = caIndex >= 0 && caIndex < args.length - 2 ? args[caIndex + 1] : undefined;

if (!url || !/^https?:\/\//.test(url)) {
  process.stderr.write("usage: entra-mcp-emulator-browser [--ca <ca.pem>] <url>\n");
  process.exit(2);
}

try {
  await completeSignIn(url, caPath ? { caPath } : {});
  process.exit(0);
} catch (error) {
  if (error instanceof SignInPageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`entra-mcp-emulator-browser: ${(error as Error).message}\n`);
  process.exit(2);
}
