/**
 * Fabric-only resources (capacities, connections, shortcuts, schedules, Git, definitions and
 * long-running operations), shaped after the Fabric REST swagger's definitions.
 */

/** A Fabric capacity and who may see it (capacity admins and contributors). */
export interface FabricCapacity {
  id: string;
  displayName: string;
  sku: string;
  region: string;
  state: "Active" | "Inactive";
  /** Principal object ids (users or service principals) with a capacity role. */
  members: string[];
}

export type ConnectionRole = "Owner" | "User" | "UserWithReshare";

/** A data connection (Connections - List Connections) and its role assignments. */
export interface FabricConnection {
  id: string;
  displayName: string;
  connectivityType: "ShareableCloud" | "PersonalCloud" | "OnPremisesGateway" | "VirtualNetworkGateway";
  gatewayId?: string;
  connectionDetails: { type: string; path: string };
  privacyLevel: "None" | "Organizational" | "Private" | "Public";
  credentialDetails: {
    credentialType: string;
    singleSignOnType: string;
    connectionEncryption: string;
    skipTestConnection: boolean;
  };
  allowConnectionUsageInGateway?: boolean;
  /** Principal object id → role on the connection. */
  roles: Map<string, ConnectionRole>;
}

/** A OneLake shortcut in an item (path is "Files/..." or "Tables/..."). */
export interface FabricShortcut {
  itemId: string;
  path: string;
  name: string;
  target: Record<string, unknown> & { type: string };
}

/** An item schedule for one job type (ItemSchedule). */
export interface FabricSchedule {
  id: string;
  itemId: string;
  jobType: string;
  enabled: boolean;
  createdDateTime: string;
  configuration: Record<string, unknown> & { type: "Cron" | "Daily" | "Weekly" | "Monthly" };
  owner: { id: string; type: "User" | "ServicePrincipal" };
}

/** A workspace's Git connection and the status Git - Get Status reports. */
export interface FabricGitStatus {
  workspaceHead: string;
  remoteCommitHash: string;
  changes: {
    itemMetadata: {
      itemIdentifier: { objectId: string; logicalId: string };
      itemType: string;
      displayName: string;
    };
    workspaceChange?: "Added" | "Modified" | "Deleted";
    remoteChange?: "Added" | "Modified" | "Deleted";
    conflictType: "None" | "Conflict" | "SameChanges";
  }[];
}

/** One part of an item definition (ItemDefinitionPart): the payload is base64. */
export interface DefinitionPart {
  path: string;
  payload: string;
  payloadType: "InlineBase64";
}

export type OperationStatus = "NotStarted" | "Running" | "Succeeded" | "Failed";

/**
 * A long-running operation (GET /v1/operations/{id}): who started it, what its state is and
 * the result /result returns once it Succeeded. It advances one step per state read.
 */
export interface FabricOperation {
  id: string;
  /** The caller that started it: only the same principal may read it. */
  principalId: string;
  /** The initiating API's delegated scopes, which reading the state and result also needs. */
  scopes: string[];
  status: OperationStatus;
  createdTimeUtc: string;
  lastUpdatedTimeUtc: string;
  percentComplete: number;
  result: unknown;
  reads: number;
}
