/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

// Power Platform admin and Dataverse publish no spec file: the suite reports these as not covered,
// but every tool still has its sample (the emulator's per-run Dataverse URL is filled in).
const environment = "{{urls.dataverse}}";

const environmentId = SAMPLE.environments.contoso.name;

export const samples: SpecSamples = {
  list_environments: { args: {}, branches: [{ filter: "type eq 'Sandbox'", select: "id,url", top: 1 }] },
  get_environment: { args: { environmentId } },
  list_apps: { args: { environmentId } },
  dataverse_whoami: { args: { environment } },
  dataverse_query: {
    args: { environment, entitySet: "accounts", top: 5 },
    branches: [
      {
        fetchXml: '<fetch><entity name="account"><attribute name="name" /></entity></fetch>',
        formatted: true,
      },
      { expand: "primarycontactid($select=fullname)", formatted: true },
    ],
  },
  get_record: {
    args: { environment, entitySet: "accounts", select: "name" },
    after: {
      tool: "dataverse_query",
      pick: (response) => ({
        id: ((response.body as { value: { accountid: string }[] }).value[0] as { accountid: string })
          .accountid,
      }),
    },
  },
  count_records: { args: { environment, table: "account" } },
  list_tables: { args: { environment } },
  list_columns: { args: { environment, table: "account" } },
  list_flows: { args: { environment, top: 5 } },
  list_flow_runs: { args: { environment, status: "Failed" } },
  list_choices: { args: { environment, table: "account" } },
  list_relationships: { args: { environment, table: "account", kind: "OneToManyRelationships" } },
  list_saved_queries: { args: { environment, table: "account" } },
  list_solutions: { args: { environment, visibleOnly: true } },
  list_dataverse_users: { args: { environment, withRoles: true } },
  list_security_roles: { args: { environment } },
  list_teams: { args: { environment } },
  list_async_operations: { args: { environment, failedOnly: true } },
  list_plugin_trace_logs: { args: { environment, exceptionsOnly: true } },
};
