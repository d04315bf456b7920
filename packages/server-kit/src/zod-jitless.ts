/**
 * Zod without its JIT. Zod 4 compiles a fast parser (`new Function`) for each object schema on its
 * first parse. The MCP SDK builds hundreds of schemas at import and a server parses most message
 * types only a few times, so compiling costs more than it saves: with the JIT off a fresh process
 * answered `initialize` ~4 ms sooner and gave its first tool result ~5 ms sooner (175 vs 180 ms,
 * fresh processes side by side), while a warm call cost the same (0.96-1.02 ms either way, stdio and
 * hosted alike).
 * Zod reads the setting when a schema is built, so this runs before any module that builds one: in
 * the bundle it is an entry of its own that the launcher runs first (bundle/bundle-javascript.ts
 * PRELUDE_ENTRY); unbundled it is the first import of the package's index (src/index.ts).
 */
import { config } from "zod";

config({ jitless: true });
