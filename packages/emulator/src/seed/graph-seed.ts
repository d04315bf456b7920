import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import type { GraphState } from "../graph/graph-state.js";
import type { MailAddress } from "../graph/graph-types.js";
import { nameBasedGuid } from "../ids.js";
import { seedDirectoryData } from "./graph-directory-seed.js";
import { SAMPLE } from "./sample-ids.js";
import { SAMPLE_PEOPLE } from "./sample-people.js";

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * ~30 users, five groups, a sign-in log and two mailboxes, then the directory depth (org chart,
 * devices, roles, audits, policies, licences). Call after the identity seed.
 */
export function seedGraphData(directory: DirectoryState, graph: GraphState, app: { clientId: string }): void {
  const domain = directory.tenant.defaultDomain;
  for (const [given, surname, jobTitle, department, officeLocation, city] of SAMPLE_PEOPLE) {
    const alias = `${given}${surname.slice(0, 1)}`.toLowerCase();
    directory.addUser({
      upn: `${alias}@${domain}`,
      mail: `${alias}@${domain}`,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      jobTitle,
      department,
      officeLocation,
      city,
      country: "United States",
    });
  }
  const users = directory.listUsers();
  for (const u of users) {
    if (u.givenName === "Adele")
      Object.assign(u, { department: "Retail", officeLocation: "18/2111", city: "Salt Lake City" });
    if (u.givenName === "Megan")
      Object.assign(u, { department: "Marketing", officeLocation: "12/1110", city: "Pittsburgh" });
    u.country ??= "United States";
  }
  const inDepartment = (...names: string[]) =>
    users.filter((u) => names.includes(u.department ?? "")).map((u) => u.oid);

  const groups = SAMPLE.graph.groups;
  const created = hoursAgo(24 * 400);
  const unified = (
    g: { id: string; name: string },
    nickname: string,
    description: string,
    memberIds: string[],
  ) =>
    graph.addGroup({
      id: g.id,
      displayName: g.name,
      description,
      mailNickname: nickname,
      mail: `${nickname}@${domain}`,
      groupTypes: ["Unified"],
      mailEnabled: true,
      securityEnabled: false,
      visibility: "Public",
      createdDateTime: created,
      memberIds,
    });
  const security = (
    g: { id: string; name: string },
    nickname: string,
    description: string,
    memberIds: string[],
  ) =>
    graph.addGroup({
      id: g.id,
      displayName: g.name,
      description,
      mailNickname: nickname,
      mail: null,
      groupTypes: [],
      mailEnabled: false,
      securityEnabled: true,
      visibility: null,
      createdDateTime: created,
      memberIds,
    });
  unified(
    groups.allCompany,
    "allcompany",
    "This is the default group for everyone in the network",
    users.map((u) => u.oid),
  );
  unified(
    groups.salesAndMarketing,
    "salesandmarketing",
    "Sales and marketing teams",
    inDepartment("Sales", "Marketing", "Sales & Marketing"),
  );
  security(groups.finance, "finance", "Finance department", inDepartment("Finance"));
  security(groups.itAdmins, "itadmins", "IT administrators", inDepartment("IT"));
  unified(groups.retail, "retail", "Retail stores and buyers", inDepartment("Retail"));

  seedSignIns(graph, users, app.clientId);
  seedMail(graph, users, domain);
  seedDirectoryData(directory, graph, app);
}

function seedSignIns(graph: GraphState, users: DirectoryUser[], clientId: string): void {
  const apps = [
    {
      id: "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
      name: "Microsoft Teams",
      resource: "Microsoft Teams Services",
    },
    {
      id: "00000002-0000-0ff1-ce00-000000000000",
      name: "Office 365 Exchange Online",
      resource: "Office 365 Exchange Online",
    },
    {
      id: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
      name: "Azure Portal",
      resource: "Windows Azure Service Management API",
    },
    { id: clientId, name: "entra-mcp", resource: "Microsoft Graph" },
  ];
  const failures: Record<number, string> = {
    50126: "Error validating credentials due to invalid username or password.",
    50074: "Strong Authentication is required.",
  };
  for (let i = 0; i < 16; i += 1) {
    const user = users[(i * 7) % users.length] as DirectoryUser;
    const app = apps[i % apps.length] as (typeof apps)[number];
    const errorCode = i === 3 ? 50126 : i === 9 ? 50074 : 0;
    graph.addSignIn({
      id: nameBasedGuid("sign-in", String(i)),
      createdDateTime: hoursAgo(i * 5 + 1),
      userId: user.oid,
      userPrincipalName: user.upn,
      userDisplayName: user.displayName,
      appId: app.id,
      appDisplayName: app.name,
      ipAddress: `203.0.113.${10 + i}`,
      clientAppUsed: i % 3 === 0 ? "Mobile Apps and Desktop clients" : "Browser",
      isInteractive: true,
      resourceDisplayName: app.resource,
      resourceId: nameBasedGuid("resource", app.resource),
      errorCode,
      failureReason: failures[errorCode] ?? null,
      city: user.city ?? "Seattle",
      countryOrRegion: "US",
      browser: i % 2 === 0 ? "Edge 126.0.0" : "Chrome 126.0.0",
      operatingSystem: i % 2 === 0 ? "Windows10" : "MacOs",
    });
  }
}

const SUBJECTS = [
  "Q3 retail forecast",
  "Store visit schedule",
  "Re: Planogram changes for the summer range",
  "Budget review meeting",
  "Updated return policy",
  "Team lunch on Friday",
  "Vendor onboarding checklist",
  "Re: Inventory discrepancy in Salt Lake City",
  "Training: new point-of-sale system",
  "Holiday staffing plan",
  "Customer feedback summary",
  "Action required: expense report",
];

function seedMail(graph: GraphState, users: DirectoryUser[], domain: string): void {
  const address = (u: DirectoryUser): MailAddress => ({ name: u.displayName, address: u.mail ?? u.upn });
  const adele = users.find((u) => u.upn === `adele@${domain}`);
  const megan = users.find((u) => u.upn === `megan@${domain}`);
  const senders = users.filter((u) => u !== adele).slice(0, SUBJECTS.length);
  if (adele) {
    SUBJECTS.forEach((subject, i) => {
      const from = senders[i % senders.length] as DirectoryUser;
      graph.addMessage(adele.oid, {
        id: `AAMkAGVlYWRlbGUtbWFpbA${String(i).padStart(2, "0")}AAA=`,
        subject,
        body: {
          contentType: "html",
          content: `<html><body><p>Hi Adele,</p><p>${subject}: details inside.</p></body></html>`,
        },
        from: address(from),
        toRecipients: [address(adele)],
        ccRecipients: [],
        receivedDateTime: hoursAgo(i * 9 + 2),
        sentDateTime: hoursAgo(i * 9 + 2),
        isRead: i >= 4,
        importance: i === 11 ? "high" : "normal",
        hasAttachments: i % 5 === 0,
        conversationId: nameBasedGuid("conversation", String(i)),
      });
    });
  }
  if (megan && adele) {
    graph.addMessage(megan.oid, {
      subject: "Campaign assets",
      body: { contentType: "text", content: "The campaign assets are ready for review." },
      from: address(adele),
      toRecipients: [address(megan)],
      ccRecipients: [],
      receivedDateTime: hoursAgo(3),
      sentDateTime: hoursAgo(3),
      isRead: false,
      importance: "normal",
      hasAttachments: false,
      conversationId: nameBasedGuid("conversation", "megan"),
    });
  }
}
