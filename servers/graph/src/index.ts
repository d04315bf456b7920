// Public API of @entra-mcp/graph: any new export here is public.
export { graphApi } from "./description.js";
