/**
 * How a person runs an `entra-mcp` command anywhere Node.js is installed: through npx, so no global
 * install and no checkout is needed. Every message that tells someone to run a command uses this.
 */

/** The npm package whose `entra-mcp` bin holds provision, add-teammate, rotate and doctor. */
export const CLI_PACKAGE = "@entra-mcp/cli";

/** `cliCommand("rotate")` → "npx -y @entra-mcp/cli rotate"; extra words are appended with spaces. */
export function cliCommand(command: string, ...args: string[]): string {
  return ["npx", "-y", CLI_PACKAGE, command, ...args].filter(Boolean).join(" ");
}
