// Organization -> Settings: details and contacts, members and invitations
// (members.tsx), leaving, transferring ownership and removing. What the
// viewer may do comes from the API's viewerCan, never from rules kept here.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import type { OrganizationSettingsQuery } from "./gql/graphql";
import { AuditLog } from "./auditlog";
import { subscribe } from "./live";
import { Invitations, Members, ReassignSelect } from "./members";
import { navigate } from "./router";
import { Dialog, ErrorText, Field, Loading, Reason, roleNames, useAction, useQuery } from "./ui";

export const OrganizationSettingsDoc = graphql(`
  query OrganizationSettings($slug: String!) {
    organization(slug: $slug) {
      id slug name description viewerRole
      contact { email phone location }
      owner { username }
      viewerCan {
        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }
        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }
        seeAuditLog { allowed reason }
      }
      members(first: 50) {
        totalCount
        edges { node {
          id role joinedAt
          user { id username email }
          invitedBy { username }
          invitation { sentAt }
          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }
        } }
      }
      invitations(status: PENDING, first: 50) {
        totalCount
        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }
      }
    }
  }
`);

const UpdateOrganizationDoc = graphql(`
  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
    updateOrganization(id: $id, input: $input) { id }
  }
`);
const LeaveDoc = graphql(`
  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }
`);
const EventsDoc = graphql(`
  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }
`);
const TransferDoc = graphql(`
  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }
`);
const PreviewDoc = graphql(`
  query DeletionPreview($slug: String!) {
    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }
  }
`);
const DeleteDoc = graphql(`
  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }
`);

export type Org = NonNullable<OrganizationSettingsQuery["organization"]>;
type Me = { id: string; username: string };

export function OrganizationSettings(props: { slug: string; me: Me; onChanged: () => void }) {
  const q = useQuery(() => gql(OrganizationSettingsDoc, { slug: props.slug }), [props.slug]);
  const [tick, setTick] = useState(0);
  const orgID = q.data?.organization?.id;
  // Live: another member's change (a join, a role, an invitation) refetches
  // the lists and the audit log without a reload.
  useEffect(() => {
    if (!orgID) return;
    return subscribe(EventsDoc, { id: orgID }, () => {
      q.reload();
      setTick((t) => t + 1);
    });
  }, [orgID]);
  if (q.error) return <main><h1>Organization settings</h1><ErrorText error={q.error} /></main>;
  const org = q.data?.organization;
  if (!org) return <main><Loading what="the organization" /></main>;
  const changed = () => {
    q.reload();
    props.onChanged();
  };
  return (
    <main>
      <h1>{org.name} <span class="muted">({org.slug})</span></h1>
      <p>Your role: <strong>{org.viewerRole ? roleNames[org.viewerRole] : "not a member"}</strong>. Owner: {org.owner?.username}.</p>
      <Details org={org} onSaved={changed} />
      <Members org={org} me={props.me} onChanged={changed} />
      <Invitations org={org} onChanged={changed} />
      <AuditLog slug={org.slug} allowed={!!org.viewerCan?.seeAuditLog.allowed} tick={tick} />
      <DangerZone org={org} me={props.me} onChanged={changed} />
    </main>
  );
}

function Details(props: { org: Org; onSaved: () => void }) {
  const { org } = props;
  const can = org.viewerCan?.edit;
  const [name, setName] = useState(org.name);
  const [description, setDescription] = useState(org.description ?? "");
  const [email, setEmail] = useState(org.contact?.email ?? "");
  const [phone, setPhone] = useState(org.contact?.phone ?? "");
  const [location, setLocation] = useState(org.contact?.location ?? "");
  const [saved, setSaved] = useState(false);
  const a = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    a.run(async () => {
      await gql(UpdateOrganizationDoc, { id: org.id, input: { name, description, contact: { email, phone, location } } });
      setSaved(true);
      props.onSaved();
    }).then(() => undefined);
  };
  const off = !can?.allowed;
  return (
    <section aria-labelledby="details-h">
      <h2 id="details-h">Details and contacts</h2>
      <Reason reason={can?.reason} />
      <form onSubmit={submit} noValidate>
        <Field label="Full name" value={name} onInput={setName} disabled={off} error={a.fields.name} />
        <Field label="Description" value={description} onInput={setDescription} multiline disabled={off} error={a.fields.description} />
        <Field label="Contact email" type="email" value={email} onInput={setEmail} disabled={off} error={a.fields["contact.email"]} />
        <Field label="Phone number" type="tel" value={phone} onInput={setPhone} disabled={off} error={a.fields["contact.phone"]} />
        <Field label="Location" value={location} onInput={setLocation} disabled={off} error={a.fields["contact.location"]} />
        {a.error && !Object.keys(a.fields).some((f) => f) ? <ErrorText error={a.error} /> : null}
        {off ? null : <button type="submit" disabled={a.busy}>{a.busy ? "Saving…" : "Save details"}</button>}
        {saved ? <p role="status">Saved.</p> : null}
      </form>
    </section>
  );
}

function DangerZone(props: { org: Org; me: Me; onChanged: () => void }) {
  const { org } = props;
  const can = org.viewerCan;
  const [dialog, setDialog] = useState<"" | "leave" | "transfer" | "remove">("");
  const [target, setTarget] = useState("");
  const [receiver, setReceiver] = useState("");
  const [confirm, setConfirm] = useState("");
  const [preview, setPreview] = useState<Record<string, number> | null>(null);
  const a = useAction();
  const others = (org.members.edges ?? []).flatMap((e) => (e?.node && e.node.user.id !== props.me.id ? [e.node] : []));
  useEffect(() => {
    if (dialog !== "remove") return;
    setPreview(null);
    gql(PreviewDoc, { slug: org.slug }).then(
      (r) => { const p = r.organization?.deletionPreview; if (p) { const { __typename: _, ...counts } = p as typeof p & { __typename?: string }; setPreview(counts); } },
      (e) => a.setError(e),
    );
  }, [dialog]);
  const close = () => { setDialog(""); setConfirm(""); a.setError(null); };
  const done = () => { close(); props.onChanged(); navigate("/work"); };
  return (
    <section aria-labelledby="danger-h" class="danger">
      <h2 id="danger-h">Leave, transfer, remove</h2>
      <div class="row">
        <button type="button" disabled={!can?.leave.allowed} onClick={() => setDialog("leave")}>Leave organization</button>
        <Reason reason={can?.leave.reason} />
      </div>
      {can?.transferOwnership.allowed ? (
        <div class="row"><button type="button" onClick={() => setDialog("transfer")}>Transfer ownership</button></div>
      ) : null}
      {can?.remove.allowed ? (
        <div class="row"><button type="button" class="destructive" onClick={() => setDialog("remove")}>Remove organization</button></div>
      ) : (
        <Reason reason={can?.remove.reason} />
      )}
      <Dialog title={`Leave ${org.slug}?`} open={dialog === "leave"} onClose={close}>
        <p>You lose access to its work. Someone must invite you again to come back.</p>
        <ReassignSelect id="leave-to" members={others} value={receiver} onChange={setReceiver} />
        <ErrorText error={a.error} />
        <div class="row">
          <button type="button" class="destructive" disabled={a.busy} onClick={() => a.run(() => gql(LeaveDoc, { id: org.id, to: receiver || null })).then((ok) => ok && done())}>Leave</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </Dialog>
      <Dialog title="Transfer ownership" open={dialog === "transfer"} onClose={close}>
        <form onSubmit={(e) => { e.preventDefault(); a.run(() => gql(TransferDoc, { org: org.id, m: target })).then((ok) => { if (ok) { close(); props.onChanged(); } }); }}>
          <div class="field">
            <label for="transfer-to">New owner</label>
            <select id="transfer-to" value={target} onChange={(e) => setTarget(e.currentTarget.value)} required>
              <option value="">Choose a member</option>
              {others.map((m) => <option value={m.id}>{m.user.username} ({roleNames[m.role]})</option>)}
            </select>
          </div>
          <p>You become a maintainer.</p>
          <ErrorText error={a.error} />
          <div class="row">
            <button type="submit" class="primary" disabled={a.busy || !target}>Transfer</button>
            <button type="button" onClick={close}>Cancel</button>
          </div>
        </form>
      </Dialog>
      <Dialog title={`Remove ${org.slug}?`} open={dialog === "remove"} onClose={close}>
        {preview ? (
          <>
            <p>This deletes the organization and everything in it, for good:</p>
            <ul class="preview" aria-label="What will be deleted">
              {Object.entries(preview).map(([k, n]) => <li><strong>{n}</strong> {previewNames[k] ?? k}</li>)}
            </ul>
          </>
        ) : a.error ? null : <Loading what="what will be deleted" />}
        <form onSubmit={(e) => { e.preventDefault(); a.run(() => gql(DeleteDoc, { id: org.id, slug: confirm })).then((ok) => ok && done()); }}>
          <Field label={`Type the short name (${org.slug}) to confirm`} value={confirm} onInput={setConfirm} error={a.fields.confirmSlug} />
          {a.error && !a.fields.confirmSlug ? <ErrorText error={a.error} /> : null}
          <div class="row">
            <button type="submit" class="destructive" disabled={a.busy || confirm !== org.slug}>Remove organization</button>
            <button type="button" onClick={close}>Cancel</button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}

const previewNames: Record<string, string> = {
  members: "members", invitations: "invitations", projects: "projects", tasks: "tasks",
  jobs: "jobs", annotations: "annotations", cloudStorages: "cloud storages",
};
