/**
 * Zod without its JIT. Zod 4 compiles a fast parser (`new Function`) for each object schema on its
 * first parse. The MCP SDK builds hundreds of schemas at import and a server parses most message
 * types only a few times, so compiling costs more than it saves: with the JIT off a fresh process
 * answers `initialize` ~4 ms sooner and gives its first tool result ~5 ms sooner (175 vs 180 ms),
 * while a warm call costs the same (0.96-1.02 ms either way; pnpm bench, first-token and calls).
 * Zod decides when a schema is built, so this runs before any module that builds one: it is the
 * first import of the package's index (src/index.ts).
 */
import { config } from "zod";

config({ jitless: true });
