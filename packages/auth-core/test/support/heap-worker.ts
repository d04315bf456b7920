/**
 * A stand-in server process for the key-hygiene test: gets one app-only token through the built
 * auth-core (so the certificate is read and an assertion signed), drops everything, collects garbage
 * and writes a heap snapshot to the path given. Run as `node --expose-gc heap-worker.ts <snapshot>
 * <scope> [auth-core module]`; the optional module path lets a person run it against another build.
 */
import { writeHeapSnapshot } from "node:v8";

const [snapshotPath, scope, modulePath] = process.argv.slice(2);
if (!snapshotPath || !scope) throw new Error("usage: heap-worker.ts <snapshot path> <scope> [module]");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("heap-worker.ts needs node --expose-gc");

const { createAuth, loadAuthConfig } = (await import(
  modulePath ?? "@entra-mcp/auth-core"
)) as typeof import("@entra-mcp/auth-core");
const auth = createAuth(loadAuthConfig(), { persistentCache: false });
const token = await auth.getToken([scope]);
const loaded = (await auth.status()).certificate;
// A second call is served from memory: the server keeps running, holding only what it must.
await auth.getToken([scope]);
gc();
await new Promise((resolve) => setImmediate(resolve));
gc();
writeHeapSnapshot(snapshotPath);
process.stdout.write(`${JSON.stringify({ gotToken: token.accessToken.length > 0, loaded })}\n`);
