/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const groupId = SAMPLE.graph.groups.allCompany.id;

export const samples: SpecSamples = {
  get_me: { args: {} },
  list_users: { args: { top: 5 } },
  get_user: { args: { userId: "{{user.upn}}" } },
  list_groups: { args: { top: 5 } },
  list_group_members: { args: { groupId, top: 5 } },
  list_applications: { args: { top: 5 } },
  list_sign_ins: { args: { top: 5 } },
  list_messages: { args: { top: 5 } },
  send_mail: {
    args: { to: ["{{user.upn}}"], subject: "spec sample", body: "Sent by the spec-conformance suite." },
    skipBody: "202 Accepted with no body",
  },
};
