/** The key a show_report grant is stored under: one report of one workspace. */
export function grantKey(workspaceId: string, reportId: string): string {
  return `report:${workspaceId}/${reportId}`;
}
