import type { MailAddress } from "./graph-types.js";

/** One event in a user's default calendar (single instances only: the seed has no series). */
export interface CalendarEvent {
  id: string;
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  /** UTC ISO date-times. */
  start: string;
  end: string;
  location: string;
  organizer: MailAddress;
  attendees: MailAddress[];
  isAllDay: boolean;
  isOnlineMeeting: boolean;
  showAs: "free" | "tentative" | "busy" | "oof" | "workingElsewhere";
  importance: "low" | "normal" | "high";
  sensitivity: "normal" | "personal" | "private" | "confidential";
  createdDateTime: string;
}

/** A document library (OneDrive of a user, or a site's Documents). */
export interface Drive {
  id: string;
  name: string;
  driveType: "personal" | "business" | "documentLibrary";
  /** Object id of the owning user, for personal drives (/me/drive, /users/{id}/drive). */
  ownerOid?: string;
  /** Site id, for document libraries. */
  siteId?: string;
  webUrl: string;
  createdDateTime: string;
}

/** A file or folder in a drive. */
export interface DriveItem {
  id: string;
  driveId: string;
  name: string;
  /** Parent folder path inside the drive, e.g. "/Reports" ("" for the root). */
  folder: string;
  isFolder: boolean;
  size: number;
  mimeType?: string;
  /** Text the search index knows besides the name (its content). */
  content: string;
  createdBy: MailAddress;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

/** A SharePoint site. */
export interface Site {
  id: string;
  name: string;
  displayName: string;
  description: string;
  webUrl: string;
  createdDateTime: string;
}
