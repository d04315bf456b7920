/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const groupId = SAMPLE.graph.groups.allCompany.id;
// The seeded events sit around today (UTC): a window from a week ago to a month ahead holds them.
const DAY = 86_400_000;
const window = {
  start: new Date(Date.now() - 7 * DAY).toISOString(),
  end: new Date(Date.now() + 30 * DAY).toISOString(),
};

export const samples: SpecSamples = {
  get_me: { args: {} },
  list_users: { args: { top: 5 } },
  get_user: { args: { userId: "{{user.upn}}" } },
  list_groups: { args: { top: 5 } },
  list_group_members: { args: { groupId, top: 5 } },
  list_applications: { args: { top: 5 } },
  list_sign_ins: { args: { top: 5 } },
  list_messages: { args: { top: 5 } },
  list_user_member_of: { args: { userId: "{{user.upn}}" } },
  list_user_transitive_member_of: { args: { userId: "{{user.upn}}" } },
  list_service_principals: { args: { top: 5 } },
  get_user_manager: { args: { userId: "{{user.upn}}" } },
  // Adele has no reports; her manager Miriam has five (the seed's org chart).
  list_direct_reports: { args: { userId: "miriamg@{{domain}}" } },
  list_group_owners: { args: { groupId } },
  list_group_transitive_members: { args: { groupId: SAMPLE.graph.groups.salesAndMarketing.id, top: 5 } },
  get_service_principal: { args: { servicePrincipalId: "{{spObjectId}}" } },
  // Assignments are listed on the resource: Microsoft Graph's principal holds the app's consented roles.
  list_app_role_assigned_to: {
    args: { servicePrincipalId: "{{servicePrincipalOf.00000003-0000-0000-c000-000000000000}}" },
  },
  list_sp_permission_grants: { args: { servicePrincipalId: "{{spObjectId}}" } },
  list_directory_audits: { args: { top: 5 } },
  list_directory_roles: { args: {} },
  list_role_assignments: { args: { top: 5 } },
  list_conditional_access_policies: { args: {} },
  list_devices: { args: { top: 5 } },
  get_organization: { args: {} },
  list_subscribed_skus: { args: {} },
  list_auth_method_registrations: { args: { top: 5 } },
  get_my_calendar_view: { args: { start: window.start, end: window.end, top: 5 } },
  get_calendar_view: { args: { userId: "{{user.upn}}", start: window.start, end: window.end, top: 5 } },
  search_my_files: { args: { query: "forecast" } },
  search_drive: { args: { driveId: SAMPLE.graph.content.retailDrive.id, query: "policy" } },
  search_sites: { args: { query: "retail" } },
  send_mail: {
    args: { to: ["{{user.upn}}"], subject: "spec sample", body: "Sent by the spec-conformance suite." },
    skipBody: "202 Accepted with no body",
  },
};
