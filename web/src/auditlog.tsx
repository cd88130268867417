// Organization -> Settings -> Audit log: who changed what, newest first,
// with "Load more". Shown when the API says the viewer may see it
// (viewerCan.seeAuditLog); the rule itself lives in internal/authz.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import type { AuditLogQuery } from "./gql/graphql";
import { Empty, ErrorText, formatTime, Reason, roleNames, useAction } from "./ui";

const AuditLogDoc = graphql(`
  query AuditLog($slug: String!, $after: Cursor) {
    organization(slug: $slug) {
      auditLog(first: 20, after: $after) {
        edges { node { id action actorName targetType targetID before after createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

type Entry = NonNullable<NonNullable<NonNullable<AuditLogQuery["organization"]>["auditLog"]["edges"]>[number]>["node"];

export const actionNames: Record<string, string> = {
  ORGANIZATION_CREATED: "created the organization",
  ORGANIZATION_UPDATED: "changed the settings",
  ORGANIZATION_REMOVED: "removed the organization",
  OWNERSHIP_TRANSFERRED: "transferred ownership",
  MEMBER_JOINED: "joined",
  MEMBER_LEFT: "left",
  MEMBER_REMOVED: "removed a member",
  ROLE_CHANGED: "changed a role",
  INVITATION_SENT: "sent an invitation",
  INVITATION_RESENT: "resent an invitation",
  INVITATION_ACCEPTED: "accepted an invitation",
  INVITATION_DECLINED: "declined an invitation",
  INVITATION_REVOKED: "revoked an invitation",
};

// summary shows the fields that changed as "field: before → after".
function summary(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const show = (v: unknown) => (v === undefined || v === null ? "—" : typeof v === "string" ? roleNames[v] ?? v : JSON.stringify(v));
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || !before || !after)
    .map((k) => (before && after ? `${k}: ${show(b[k])} → ${show(a[k])}` : `${k}: ${show(before ? b[k] : a[k])}`))
    .join("; ");
}

export function AuditLog(props: { slug: string; allowed: boolean; reason?: string | null; tick: number }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const a = useAction();
  const load = (after: string | null) =>
    a.run(async () => {
      const r = await gql(AuditLogDoc, { slug: props.slug, after });
      const log = r.organization?.auditLog;
      const page = (log?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
      setEntries((old) => (after ? [...old, ...page] : page));
      setNext(log?.pageInfo.hasNextPage ? log.pageInfo.endCursor ?? null : null);
      setLoaded(true);
    });
  useEffect(() => {
    if (props.allowed) load(null);
  }, [props.slug, props.allowed, props.tick]);
  if (!props.allowed) return null;
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <Reason reason={props.reason} />
      <ErrorText error={a.error} />
      {loaded && entries.length === 0 ? <Empty>Nothing has been recorded yet.</Empty> : null}
      <table class="audit" aria-label="Audit log">
        <thead>
          <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">Change</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr data-action={e.action}>
              <td>{formatTime(e.createdAt)}</td>
              <td>{e.actorName || "—"}</td>
              <td>{actionNames[e.action] ?? e.action}</td>
              <td>{e.targetType}</td>
              <td>{summary(e.before, e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? <button type="button" disabled={a.busy} onClick={() => load(next)}>{a.busy ? "Loading…" : "Load more"}</button> : null}
    </section>
  );
}
