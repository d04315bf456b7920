import { newGuid } from "../ids.js";
import type {
  DefinitionPart,
  FabricCapacity,
  FabricConnection,
  FabricGitStatus,
  FabricOperation,
  FabricSchedule,
  FabricShortcut,
} from "./fabric-types.js";

/** The body of Run On Demand Item Job (RunOnDemandItemJobRequest). */
export interface RunRequest {
  executionData?: unknown;
  parameters?: unknown[];
}

/**
 * Fabric-only state beside the workspaces it hangs off (WorkspaceState.fabric): capacities,
 * connections, OneLake shortcuts, job schedules, Git status, item definitions and the
 * long-running operations that deliver definitions and Git status.
 */
export class FabricState {
  /**
   * Page size of the lists that page without a maxResults parameter (all but lakehouse
   * tables): the service picks it, so tests may shrink it to see continuation pages.
   */
  listPageSize = 100;
  private readonly capacities: FabricCapacity[] = [];
  private readonly connections: FabricConnection[] = [];
  private readonly shortcuts: FabricShortcut[] = [];
  private readonly schedules: FabricSchedule[] = [];
  private readonly git = new Map<string, FabricGitStatus>();
  private readonly definitions = new Map<string, DefinitionPart[]>();
  private readonly operations = new Map<string, FabricOperation>();
  private readonly runRequests = new Map<string, RunRequest>();

  /** What a job run was started with (executionData, parameters), for tests to check. */
  recordRunRequest(jobId: string, request: RunRequest): void {
    this.runRequests.set(jobId, request);
  }

  runRequest(jobId: string): RunRequest | undefined {
    return this.runRequests.get(jobId.toLowerCase());
  }

  addCapacity(capacity: FabricCapacity): void {
    this.capacities.push(capacity);
  }

  /** Capacities the principal has a role on (List Capacities shows only those). */
  capacitiesOf(principalId: string): FabricCapacity[] {
    return this.capacities.filter((c) => c.members.includes(principalId));
  }

  addConnection(connection: FabricConnection): void {
    this.connections.push(connection);
  }

  /** Connections the principal has a role on. */
  connectionsOf(principalId: string): FabricConnection[] {
    return this.connections.filter((c) => c.roles.has(principalId));
  }

  addShortcut(shortcut: FabricShortcut): void {
    this.shortcuts.push(shortcut);
  }

  /** An item's shortcuts, those under `parentPath` (e.g. "Tables") when given. */
  listShortcuts(itemId: string, parentPath?: string): FabricShortcut[] {
    const prefix = parentPath?.replace(/^\/+|\/+$/g, "").toLowerCase();
    return this.shortcuts.filter(
      (s) =>
        s.itemId === itemId &&
        (!prefix || s.path.toLowerCase() === prefix || s.path.toLowerCase().startsWith(`${prefix}/`)),
    );
  }

  addSchedule(schedule: FabricSchedule): void {
    this.schedules.push(schedule);
  }

  listSchedules(itemId: string, jobType: string): FabricSchedule[] {
    return this.schedules.filter(
      (s) => s.itemId === itemId && s.jobType.toLowerCase() === jobType.toLowerCase(),
    );
  }

  setGitStatus(workspaceId: string, status: FabricGitStatus | undefined): void {
    if (status) this.git.set(workspaceId, status);
    else this.git.delete(workspaceId);
  }

  gitStatus(workspaceId: string): FabricGitStatus | undefined {
    return this.git.get(workspaceId);
  }

  setDefinition(itemId: string, parts: DefinitionPart[]): void {
    this.definitions.set(itemId, parts);
  }

  definition(itemId: string): DefinitionPart[] | undefined {
    return this.definitions.get(itemId);
  }

  /**
   * Starts an operation that Succeeds with `result` after one Running read (the service may
   * report NotStarted first; starting at Running keeps pollers' waits short).
   */
  startOperation(principalId: string, scopes: string[], result: unknown): FabricOperation {
    const now = new Date().toISOString();
    const operation: FabricOperation = {
      id: newGuid(),
      principalId,
      scopes,
      status: "Running",
      createdTimeUtc: now,
      lastUpdatedTimeUtc: now,
      percentComplete: 50,
      result,
      reads: 0,
    };
    this.operations.set(operation.id, operation);
    return operation;
  }

  /**
   * Reads an operation's state and moves it one step on (NotStarted → Running → Succeeded),
   * so pollers see every state without wall-clock waits. Undefined for another principal's.
   */
  pollOperation(id: string, principalId: string): FabricOperation | undefined {
    const operation = this.operations.get(id.toLowerCase());
    if (!operation || operation.principalId !== principalId) return undefined;
    const snapshot = { ...operation };
    operation.reads += 1;
    if (operation.status === "NotStarted") {
      operation.status = "Running";
      operation.percentComplete = 50;
    } else if (operation.status === "Running") {
      operation.status = "Succeeded";
      operation.percentComplete = 100;
    }
    operation.lastUpdatedTimeUtc = new Date().toISOString();
    return snapshot;
  }

  /** The operation without advancing it (for /result). */
  getOperation(id: string, principalId: string): FabricOperation | undefined {
    const operation = this.operations.get(id.toLowerCase());
    return operation?.principalId === principalId ? { ...operation } : undefined;
  }
}
