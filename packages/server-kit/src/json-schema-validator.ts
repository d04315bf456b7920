/**
 * The JSON Schema validator every server of this process shares, built on first use. The SDK uses it
 * only to check elicitation answers, which these servers do not request, and building its Ajv
 * instance (with formats) took ~5-20 ms of a fresh process's start before `initialize` could be
 * answered. One per process, because the SDK would otherwise build an Ajv instance per server, and
 * hosted mode builds a server per request.
 */
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";

let ajv: AjvJsonSchemaValidator | undefined;

export const sharedJsonSchemaValidator: jsonSchemaValidator = {
  getValidator(schema) {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator(schema);
  },
};
