/**
 * The MCP SDK's stdio server transport with our own reading side. Kept from the SDK: start, send,
 * close and the stream handling. Replaced: `_ondata` (public in the SDK's types), because the SDK's
 * ReadBuffer throws when a message exceeds its limit and the transport then closes itself: the
 * process stays alive and never answers again, not even `ping`. Here an oversized line is skipped
 * and answered with a JSON-RPC error (or logged, when it has no id), every malformed request with an
 * id gets an answer with the right code (check-message.ts), and reading goes on.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from "@modelcontextprotocol/sdk/shared/stdio.js";
import { ErrorCode, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { log } from "../../logging.js";
import { checkMessage } from "../check-message.js";
import { type DroppedLine, LineReader } from "./line-reader.js";

/** The SDK's own limit (10 MiB): a message up to it is served as before. */
export const STDIO_MESSAGE_LIMIT = STDIO_DEFAULT_MAX_BUFFER_SIZE;

export class EntraStdioServerTransport extends StdioServerTransport {
  private readonly reader: LineReader;
  /** Called for every line read and every message sent (run-stdio-server's idle collector). */
  onactivity?: () => void;

  constructor(
    stdin: NodeJS.ReadableStream = process.stdin,
    stdout: NodeJS.WritableStream = process.stdout,
    private readonly limit = STDIO_MESSAGE_LIMIT,
  ) {
    super(stdin as never, stdout as never);
    this.reader = new LineReader(
      limit,
      (line) => this.receive(line),
      (dropped) => this.dropped(dropped),
    );
    this._ondata = (chunk: Buffer) => {
      this.onactivity?.();
      this.reader.push(chunk);
    };
  }

  override send(message: Parameters<StdioServerTransport["send"]>[0]): Promise<void> {
    this.onactivity?.();
    return super.send(message);
  }

  override async close(): Promise<void> {
    this.reader.clear();
    await super.close();
  }

  private receive(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      log("warn", "server", `stdin: a line that is not JSON (${(error as Error).message}); answered -32700.`);
      this.answer(undefined, ErrorCode.ParseError, `Parse error: ${(error as Error).message}`);
      return;
    }
    const checked = checkMessage(value);
    if (checked.ok) {
      this.onmessage?.(checked.message);
      return;
    }
    if (checked.id === undefined) {
      log("warn", "server", `stdin: dropped a message with no id to answer: ${checked.message}`);
      return;
    }
    this.answer(checked.id, checked.code, checked.message);
  }

  private dropped({ bytes, id }: DroppedLine): void {
    const size = `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const limit = `${Math.round(this.limit / 1024 / 1024)} MB`;
    log(
      "warn",
      "server",
      `dropped a stdio message of ${size} (over the ${limit} limit); ${id === undefined ? "it had no id, so nothing was answered" : `answered request ${JSON.stringify(id)} with an error`}.`,
    );
    if (id === undefined) return;
    this.answer(
      id,
      ErrorCode.InvalidRequest,
      `This message (${size}) is larger than the ${limit} limit of this server's stdio transport and was not read. Fix: send less in one call (smaller arguments or body; page through lists with cursor).`,
    );
  }

  private answer(id: RequestId | undefined, code: number, message: string): void {
    const reply = { jsonrpc: "2.0" as const, ...(id === undefined ? {} : { id }), error: { code, message } };
    this.send(reply as never).catch((error: unknown) => this.onerror?.(error as Error));
  }
}
