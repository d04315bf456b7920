import type { CalendarEvent, Drive, DriveItem, Site } from "./graph-content-types.js";

/** Calendars, drives and sites (Graph "content" beyond mail), seeded by seed/graph-content-seed.ts. */
export class GraphContentState {
  private readonly calendars = new Map<string, CalendarEvent[]>();
  private readonly drives = new Map<string, Drive>();
  private readonly items: DriveItem[] = [];
  private readonly sites: Site[] = [];

  addEvent(userOid: string, event: CalendarEvent): void {
    const list = this.calendars.get(userOid) ?? [];
    list.push(event);
    this.calendars.set(userOid, list);
  }

  /** A user's events, in start order. */
  listEvents(userOid: string): CalendarEvent[] {
    return [...(this.calendars.get(userOid) ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  }

  addDrive(drive: Drive): void {
    this.drives.set(drive.id, drive);
  }

  getDrive(id: string): Drive | undefined {
    return this.drives.get(id);
  }

  driveOf(ownerOid: string): Drive | undefined {
    return [...this.drives.values()].find((d) => d.ownerOid === ownerOid);
  }

  drivesOfSite(siteId: string): Drive[] {
    return [...this.drives.values()].filter((d) => d.siteId === siteId);
  }

  addItem(item: DriveItem): void {
    this.items.push(item);
  }

  listItems(driveId: string): DriveItem[] {
    return this.items.filter((i) => i.driveId === driveId);
  }

  addSite(site: Site): void {
    this.sites.push(site);
  }

  listSites(): Site[] {
    return [...this.sites];
  }

  getSite(id: string): Site | undefined {
    return this.sites.find((s) => s.id === id || s.id.split(",")[1] === id);
  }
}

// The content state rides along with the process's GraphState (one per emulator), so the emulator's
// wiring (register-services, the seeds' targets) needs no new field for it.
const byGraph = new WeakMap<object, GraphContentState>();

/** The calendars, drives and sites of the emulator whose Graph state is `graph`. */
export function contentOf(graph: object): GraphContentState {
  let content = byGraph.get(graph);
  if (!content) {
    content = new GraphContentState();
    byGraph.set(graph, content);
  }
  return content;
}
