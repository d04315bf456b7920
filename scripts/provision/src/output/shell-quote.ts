/**
 * Quoting for the `claude mcp add` line, per shell family. The values are tenant IDs, GUIDs, names,
 * https URLs and (for ENTRA_MCP_CLOUD) file paths, which may hold spaces, `&`, `(`, `%` and the like.
 */

const POSIX_SAFE = /^[\w@%+=:,./-]+$/;

/** sh, bash, zsh: bare when every character is safe, else single quotes (fully literal; `'` as `'\''`). */
export function posixQuote(value: string): string {
  return POSIX_SAFE.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

// Safe bare in both cmd.exe and PowerShell. Not `,` (a PowerShell array), `;`, `&`, `|`, `<`, `>`,
// `(`, `)`, `^` (cmd's escape), `%`, `'`, `"`, `$`, `` ` ``, `{`, `}`, `#` or whitespace.
const WINDOWS_SAFE = /^[\w@+=:./\\-]+$/;

/**
 * cmd.exe and PowerShell (5.1 and 7) agree on one quoting: double quotes. Inside them cmd reads
 * `& | < > ( ) ^ , ;` and spaces literally, and PowerShell reads everything literally except `$`, `` ` ``
 * and `"`. Values that still differ between the two are named by {@link windowsQuoteProblem}.
 */
export function windowsQuote(value: string): string {
  return WINDOWS_SAFE.test(value) ? value : `"${value}"`;
}

/**
 * Why a value cannot be typed the same way in cmd.exe and PowerShell, or undefined when
 * {@link windowsQuote} is exact in both: `"` ends the quotes, `$` and `` ` `` are PowerShell's,
 * `%NAME%` is expanded by cmd even inside quotes, and a trailing `\` would escape the closing quote.
 */
export function windowsQuoteProblem(value: string): string | undefined {
  if (value.includes('"')) return 'a double quote (")';
  if (value.includes("$")) return "a $ (PowerShell expands it inside double quotes)";
  if (value.includes("`")) return "a backtick (PowerShell's escape character)";
  if (/%[^%]+%/.test(value)) return "a %NAME% pair (cmd expands it even inside double quotes)";
  if (!WINDOWS_SAFE.test(value) && value.endsWith("\\"))
    return "a trailing backslash before the closing quote";
  return undefined;
}
