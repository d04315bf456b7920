/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { graphApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: [
    "get_me",
    "list_users",
    "get_user",
    "list_groups",
    "list_group_members",
    "list_applications",
    "list_sign_ins",
    "list_messages",
    "list_user_member_of",
    "batch",
  ],
  writes: ["send_mail"],
  presets: {
    analyst: [
      "list_user_transitive_member_of",
      "get_user_manager",
      "list_direct_reports",
      "list_group_owners",
      "list_group_transitive_members",
    ],
    admin: [
      "list_service_principals",
      "get_service_principal",
      "list_app_role_assigned_to",
      "list_sp_permission_grants",
      "list_directory_audits",
      "list_directory_roles",
      "list_role_assignments",
      "list_conditional_access_policies",
      "list_devices",
      "get_organization",
      "list_subscribed_skus",
      "list_auth_method_registrations",
    ],
    content: ["get_my_calendar_view", "get_calendar_view", "search_my_files", "search_drive", "search_sites"],
  },
  readme: new URL("../README.md", import.meta.url),
});
