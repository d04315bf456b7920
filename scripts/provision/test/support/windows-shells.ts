/**
 * Small models of how native Windows turns a typed line into a program's argv, for the install-line
 * tests (no cmd.exe or PowerShell on the CI machine). They follow the documented rules and throw
 * where the real shell would do something other than pass an argument through:
 * - cmd.exe (interactive): `%NAME%` of a defined variable is expanded everywhere, also inside double
 *   quotes; outside quotes `^` escapes the next character and `&`, `|`, `<`, `>` end the command or
 *   redirect; then the program (claude.exe) splits its command line with the Microsoft C runtime rules.
 * - PowerShell (argument mode, native command): whitespace separates arguments; outside quotes
 *   `,` `;` `&` `|` `<` `>` `(` `)` `{` `}` and `$` are syntax, `'...'` is literal, `#` starts a
 *   comment; inside `"..."` `$` and `` ` `` are special. An argument holding `"` is not passed
 *   intact by Windows PowerShell 5.1, so the model refuses it.
 */

/** argv (without the program) as claude.exe would receive it from a line typed into cmd.exe. */
export function cmdArgv(line: string, env: Record<string, string> = {}): string[] {
  const defined = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  const expanded = line.replace(/%([^%]+)%/g, (all, name: string) => defined.get(name.toUpperCase()) ?? all);
  let passed = "";
  let quoted = false;
  for (let i = 0; i < expanded.length; i++) {
    const ch = expanded[i] as string;
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "^") {
      passed += expanded[++i] ?? "";
      continue;
    }
    if (!quoted && "&|<>".includes(ch)) throw new Error(`cmd.exe: unquoted ${ch} at ${i} of ${line}`);
    passed += ch;
  }
  return crtArgv(passed);
}

/** The Microsoft C runtime's command-line splitting (what CommandLineToArgvW does for arguments). */
export function crtArgv(commandLine: string): string[] {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < commandLine.length; i++) {
    const ch = commandLine[i] as string;
    if (ch === "\\") {
      let count = 0;
      while (commandLine[i] === "\\") {
        count++;
        i++;
      }
      if (commandLine[i] === '"') {
        current += "\\".repeat(Math.floor(count / 2));
        if (count % 2 === 1) current += '"';
        else {
          quoted = !quoted;
        }
      } else {
        current += "\\".repeat(count);
        i--;
      }
      inArg = true;
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      inArg = true;
      continue;
    }
    if (!quoted && (ch === " " || ch === "\t")) {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
      continue;
    }
    current += ch;
    inArg = true;
  }
  if (inArg) args.push(current);
  return args;
}

/** argv (without the program) as a native command receives it from a line typed into PowerShell. */
export function powerShellArgv(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === " " || ch === "\t") {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
      continue;
    }
    if (ch === "#" && !inArg) throw new Error(`PowerShell: # starts a comment at ${i} of ${line}`);
    if (",;&|<>(){}$".includes(ch)) throw new Error(`PowerShell: unquoted ${ch} at ${i} of ${line}`);
    inArg = true;
    if (ch === "`") {
      current += line[++i] ?? "";
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`PowerShell: unterminated ' in ${line}`);
      current += line.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`PowerShell: unterminated " in ${line}`);
      const inside = line.slice(i + 1, end);
      if (/[$`]/.test(inside)) throw new Error(`PowerShell: $ or \` inside double quotes in ${line}`);
      current += inside;
      i = end;
    } else {
      current += ch;
    }
  }
  if (inArg) args.push(current);
  for (const arg of args) {
    if (arg.includes('"')) throw new Error(`PowerShell 5.1 does not pass ${arg} to a native command intact`);
  }
  return args;
}
