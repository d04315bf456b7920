import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { cliCommand } from "../../src/output/cli-command.js";
import { type InstallValues, installLines } from "../../src/output/install-lines.js";
import { installPlatform } from "../../src/output/install-platform.js";
import { printInstallLines } from "../../src/output/print-install-lines.js";
import { posixQuote, windowsQuote, windowsQuoteProblem } from "../../src/output/shell-quote.js";
import { cmdArgv, crtArgv, powerShellArgv } from "../support/windows-shells.js";

const graph = { name: "graph", packageName: "@entra-mcp/graph", binName: "entra-mcp-graph" };
const powerplatform = {
  name: "powerplatform",
  packageName: "@entra-mcp/powerplatform",
  binName: "entra-mcp-powerplatform",
};
const values: InstallValues = {
  tenantId: "t-1",
  clientId: "c-1",
  keyVaultUrl: "https://v.vault.azure.net",
  certName: "entra-mcp-cert",
  cloud: "public",
  dataverseUrls: [],
};
const ENV =
  "-e ENTRA_MCP_TENANT_ID=t-1 -e ENTRA_MCP_CLIENT_ID=c-1 -e ENTRA_MCP_KEYVAULT_URL=https://v.vault.azure.net -e ENTRA_MCP_CERT_NAME=entra-mcp-cert";

/** Values a person could really hand over, and the characters each shell treats specially. */
const TRICKY = [
  "C:\\Users\\Ada Lovelace\\entra-mcp\\cloud.json",
  "C:\\Program Files (x86)\\entra-mcp\\cloud.json",
  "/home/ada/clouds & more/cloud.json",
  "D:\\clouds\\100%\\cloud.json",
  "D:\\a^b\\cloud.json",
  "C:\\Users\\%USERNAME%\\cloud.json",
  'C:\\say "hi"\\cloud.json',
  "C:\\$env\\cloud.json",
  "C:\\back`tick\\cloud.json",
  "C:\\it's\\cloud.json",
  "C:\\semi;colon,comma\\cloud.json",
  "C:\\dir with space\\",
  "/tmp/!bang/{braces}/#hash/cloud.json",
];

describe("platform", () => {
  it("follows this machine unless told; other Unixes get the macOS/Linux lines", () => {
    expect(installPlatform(undefined, "win32")).toBe("win32");
    expect(installPlatform(undefined, "darwin")).toBe("darwin");
    expect(installPlatform(undefined, "linux")).toBe("linux");
    expect(installPlatform(undefined, "freebsd")).toBe("linux");
    expect(installPlatform("win32", "linux")).toBe("win32");
    expect(installPlatform("Windows", "darwin")).toBe("win32");
    expect(installPlatform("macos", "win32")).toBe("darwin");
    expect(installPlatform("linux", "win32")).toBe("linux");
  });

  it("an unknown --platform is a usage error naming the choices", () => {
    expect(() => installPlatform("solaris")).toThrow(UsageError);
    expect(() => installPlatform("solaris")).toThrow(/--platform: "solaris"/);
  });
});

describe("install lines", () => {
  it.each(["linux", "darwin"] as const)("%s: npx is spawned directly", (platform) => {
    const lines = installLines(graph, values, platform);
    expect(lines.platform).toBe(platform);
    expect(lines.claudeCode).toBe(`claude mcp add entra-mcp-graph ${ENV} -- npx -y @entra-mcp/graph`);
    expect(lines.claudeDesktop.mcpServers["entra-mcp-graph"]).toEqual({
      command: "npx",
      args: ["-y", "@entra-mcp/graph"],
      env: {
        ENTRA_MCP_TENANT_ID: "t-1",
        ENTRA_MCP_CLIENT_ID: "c-1",
        ENTRA_MCP_KEYVAULT_URL: "https://v.vault.azure.net",
        ENTRA_MCP_CERT_NAME: "entra-mcp-cert",
      },
    });
    expect(lines.notes).toEqual([]);
  });

  it("win32: npx runs through cmd /c, in the line and in the JSON", () => {
    const lines = installLines(graph, values, "win32");
    expect(lines.platform).toBe("win32");
    expect(lines.claudeCode).toBe(`claude mcp add entra-mcp-graph ${ENV} -- cmd /c npx -y @entra-mcp/graph`);
    expect(lines.claudeDesktop.mcpServers["entra-mcp-graph"]).toMatchObject({
      command: "cmd",
      args: ["/c", "npx", "-y", "@entra-mcp/graph"],
    });
    expect(lines.notes).toEqual([]);
  });

  it("names a non-public cloud and Dataverse environments for powerplatform only", () => {
    const withCloud = { ...values, cloud: "usgov", dataverseUrls: ["https://a.crm.dynamics.com"] };
    const pp = installLines(powerplatform, withCloud, "linux");
    expect(pp.claudeCode).toContain("-e ENTRA_MCP_CLOUD=usgov");
    expect(pp.claudeCode).toContain("-e ENTRA_MCP_DATAVERSE_URLS=https://a.crm.dynamics.com");
    expect(installLines(graph, withCloud, "linux").claudeCode).not.toContain("DATAVERSE");
  });

  it("two Dataverse URLs: the comma is quoted on Windows (PowerShell reads a bare comma as an array)", () => {
    const urls = ["https://a.crm.dynamics.com", "https://b.crm4.dynamics.com"];
    const lines = installLines(powerplatform, { ...values, dataverseUrls: urls }, "win32");
    const flag = '"ENTRA_MCP_DATAVERSE_URLS=https://a.crm.dynamics.com,https://b.crm4.dynamics.com"';
    expect(lines.claudeCode).toContain(`-e ${flag}`);
    const wanted = `ENTRA_MCP_DATAVERSE_URLS=${urls.join(",")}`;
    expect(powerShellArgv(lines.claudeCode)).toContain(wanted);
    expect(cmdArgv(lines.claudeCode)).toContain(wanted);
    expect(() => powerShellArgv(`x -e ${wanted}`)).toThrow(/unquoted ,/);
  });
});

describe("quoting", () => {
  it("POSIX: bare when safe, else single quotes; a real sh hands claude the exact value", () => {
    expect(posixQuote("ENTRA_MCP_CLOUD=usgov")).toBe("ENTRA_MCP_CLOUD=usgov");
    expect(posixQuote("it's")).toBe("'it'\\''s'");
    for (const cloud of TRICKY) {
      const { claudeCode } = installLines(graph, { ...values, cloud }, "linux");
      expect(shArgv(claudeCode), cloud).toEqual([
        "mcp",
        "add",
        "entra-mcp-graph",
        ...ENV.split(" "),
        "-e",
        `ENTRA_MCP_CLOUD=${cloud}`,
        "--",
        "npx",
        "-y",
        "@entra-mcp/graph",
      ]);
    }
  });

  it("Windows: a space, &, ^, a lone % or parentheses are double-quoted and reach claude intact from cmd and PowerShell", () => {
    expect(windowsQuote("ENTRA_MCP_CLOUD=C:\\clouds\\cloud.json")).toBe(
      "ENTRA_MCP_CLOUD=C:\\clouds\\cloud.json",
    );
    expect(windowsQuote("X=a b")).toBe('"X=a b"');
    expect(windowsQuote("X=a&b")).toBe('"X=a&b"');
    expect(windowsQuote("X=a^b")).toBe('"X=a^b"');
    expect(windowsQuote("X=100%")).toBe('"X=100%"');
    // What a bare value would do: cmd runs a second command after &, eats the ^; PowerShell refuses &.
    expect(() => cmdArgv("claude -e X=a&b")).toThrow(/unquoted &/);
    expect(cmdArgv("claude -e X=a^b")).toEqual(["claude", "-e", "X=ab"]);
    expect(() => powerShellArgv("claude -e X=a&b")).toThrow(/unquoted &/);
    // A defined %USERNAME% is expanded by cmd even inside quotes: such a value gets a note instead.
    expect(cmdArgv('claude "%USERNAME%"', { USERNAME: "ada" })).toEqual(["claude", "ada"]);

    const cmdEnv = { USERNAME: "ada", PATH: "C:\\Windows" };
    let portable = 0;
    for (const cloud of TRICKY) {
      const lines = installLines(graph, { ...values, cloud }, "win32");
      const problem = windowsQuoteProblem(cloud);
      if (problem) {
        expect(lines.notes, cloud).toEqual([expect.stringContaining(`ENTRA_MCP_CLOUD holds ${problem}`)]);
        continue;
      }
      portable++;
      expect(lines.notes, cloud).toEqual([]);
      const expected = [
        "claude",
        "mcp",
        "add",
        "entra-mcp-graph",
        ...ENV.split(" "),
        "-e",
        `ENTRA_MCP_CLOUD=${cloud}`,
        "--",
        "cmd",
        "/c",
        "npx",
        "-y",
        "@entra-mcp/graph",
      ];
      expect(cmdArgv(lines.claudeCode, cmdEnv), `cmd.exe: ${cloud}`).toEqual(expected);
      expect(powerShellArgv(lines.claudeCode), `PowerShell: ${cloud}`).toEqual(expected);
    }
    expect(portable).toBeGreaterThanOrEqual(8);
  });

  it('Windows: ", $, `, a %NAME% pair and a trailing backslash are named, since no one quoting suits both shells', () => {
    expect(windowsQuoteProblem('a"b')).toMatch(/double quote/);
    expect(windowsQuoteProblem("C:\\$env")).toMatch(/\$/);
    expect(windowsQuoteProblem("a`b")).toMatch(/backtick/);
    expect(windowsQuoteProblem("C:\\%USERNAME%\\x")).toMatch(/%NAME%/);
    expect(windowsQuoteProblem("C:\\100%\\x")).toBeUndefined();
    expect(windowsQuoteProblem("C:\\dir with space\\")).toMatch(/trailing backslash/);
    expect(windowsQuoteProblem("C:\\dir\\")).toBeUndefined();
    // The C runtime really does read \" as a quote: the reason for the trailing-backslash note.
    expect(crtArgv('"X=C:\\dir with space\\"')).toEqual(['X=C:\\dir with space"']);
  });

  it("the JSON carries any value exactly and stays valid JSON on every platform", () => {
    for (const platform of ["win32", "linux", "darwin"] as const) {
      const lines = TRICKY.map((cloud, i) =>
        installLines({ ...graph, binName: `entra-mcp-graph-${i}` }, { ...values, cloud }, platform),
      );
      const out = capture((sink) =>
        printInstallLines(sink, lines, "/home/ada/.config/entra-mcp/config.json", true),
      );
      const json = JSON.parse(jsonBlock(out)) as {
        mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
      };
      TRICKY.forEach((cloud, i) => {
        const entry = json.mcpServers[`entra-mcp-graph-${i}`];
        expect(entry?.env.ENTRA_MCP_CLOUD).toBe(cloud);
        expect(entry?.command).toBe(platform === "win32" ? "cmd" : "npx");
      });
    }
  });
});

describe("printed summary", () => {
  it("win32: says which shells, prints notes as comments, and how to get the other platform's lines", () => {
    const lines = [
      installLines(graph, values, "win32"),
      installLines(powerplatform, { ...values, cloud: 'C:\\say "hi"\\cloud.json' }, "win32"),
    ];
    const out = capture((sink) => printInstallLines(sink, lines, "C:\\Users\\ada\\config.json", false));
    expect(out).toContain("# graph — Claude Code (PowerShell or cmd):\n");
    expect(out).toContain(`-- cmd /c npx -y @entra-mcp/graph\n`);
    expect(out).toMatch(/# note: ENTRA_MCP_CLOUD holds a double quote/);
    expect(out).toContain("--platform linux");
    expect(out).toContain("(servers read it with ENTRA_MCP_CONFIG=C:\\Users\\ada\\config.json;");
  });

  it("macOS/Linux: points Windows teammates at --platform win32", () => {
    const out = capture((sink) =>
      printInstallLines(sink, [installLines(graph, values, "darwin")], "/x", true),
    );
    expect(out).toContain("# graph — Claude Code:\n");
    expect(out).toContain("--platform win32");
    expect(out).not.toContain("# note:");
  });
});

describe("cli command", () => {
  it("is runnable without a checkout or a global install", () => {
    expect(cliCommand("rotate")).toBe("npx -y @entra-mcp/cli rotate");
    expect(cliCommand("provision", "--servers", "graph")).toBe(
      "npx -y @entra-mcp/cli provision --servers graph",
    );
  });
});

/** argv as a real POSIX sh hands it to `claude`, for a line typed at the prompt. */
function shArgv(line: string): string[] {
  const result = spawnSync(
    "sh",
    ["-c", `claude() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${line}`],
    {
      encoding: "utf8",
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\0").slice(0, -1);
}

function capture(write: (sink: { write(text: string): void }) => void): string {
  let text = "";
  write({ write: (chunk) => (text += chunk) });
  return text;
}

/** The pretty-printed JSON document in the summary (from its first "{" line to its last "}" line). */
function jsonBlock(out: string): string {
  const lines = out.split("\n");
  const start = lines.indexOf("{");
  const end = lines.lastIndexOf("}");
  return lines.slice(start, end + 1).join("\n");
}
