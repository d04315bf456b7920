/** The On-Behalf-Of room's door: delegated downstream tokens for the user behind an inbound request. */
export type { OnBehalfOf, OnBehalfOfOptions } from "./create-on-behalf-of.js";
export { createOnBehalfOf } from "./create-on-behalf-of.js";
export type { InteractionReason } from "./interaction-required-error.js";
export { InteractionRequiredError } from "./interaction-required-error.js";
