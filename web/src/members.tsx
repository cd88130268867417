// The member list (role, invitation details, change role, remove), the
// pending invitations (resend, revoke) and the Invite members dialog.
import { useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import type { RemoveMemberMutation, Role } from "./gql/graphql";
import type { Org } from "./orgsettings";
import { Dialog, Empty, ErrorText, Field, formatTime, Reason, roleNames, useAction } from "./ui";

const ChangeRoleDoc = graphql(`
  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }
`);
const RemoveMemberDoc = graphql(`
  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }
`);
const InviteDoc = graphql(`
  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }
`);
const ResendDoc = graphql(`
  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }
`);
const RevokeDoc = graphql(`
  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }
`);

export function Members(props: { org: Org; me: { id: string }; onChanged: () => void }) {
  const members = (props.org.members.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const a = useAction();
  const act = (f: () => Promise<unknown>) => a.run(f).then((ok) => ok && props.onChanged());
  const [removing, setRemoving] = useState<Member | null>(null);
  const [departure, setDeparture] = useState<{ name: string; to: string; d: RemoveMemberMutation["removeMember"] } | null>(null);
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members ({props.org.members.totalCount})</h2>
      <ErrorText error={a.error} />
      {departure ? <Departure {...departure} /> : null}
      <ul class="cards" aria-label="Members">
        {members.map((m) => (
          <li class="card" data-member={m.user.username}>
            <div>
              <strong>{m.user.username}</strong>
              {m.user.id === props.me.id ? <span class="muted"> (you)</span> : null}
              {m.user.email ? <span class="muted"> · {m.user.email}</span> : null}
            </div>
            <dl class="facts">
              <dt>Role</dt>
              <dd>{roleNames[m.role]}</dd>
              <dt>Invited by</dt>
              <dd>{m.invitedBy?.username ?? "—"}</dd>
              <dt>Invited</dt>
              <dd>{m.invitation ? formatTime(m.invitation.sentAt) : "—"}</dd>
              <dt>Joined</dt>
              <dd>{formatTime(m.joinedAt)}</dd>
            </dl>
            <div class="row">
              {m.viewerCan.changeRole.allowed ? (
                <label>
                  Change role{" "}
                  <select
                    aria-label={`Role of ${m.user.username}`}
                    value={m.role}
                    disabled={a.busy}
                    onChange={(e) => act(() => gql(ChangeRoleDoc, { m: m.id, role: e.currentTarget.value as Role }))}
                  >
                    <option value={m.role}>{roleNames[m.role]}</option>
                    {m.viewerCan.roles.map((r) => <option value={r}>{roleNames[r]}</option>)}
                  </select>
                </label>
              ) : null}
              {m.viewerCan.remove.allowed ? (
                <button type="button" class="destructive" disabled={a.busy} onClick={() => setRemoving(m)}>
                  Remove {m.user.username}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <RemoveDialog
        org={props.org}
        member={removing}
        others={members.filter((o) => o.id !== removing?.id)}
        onClose={() => setRemoving(null)}
        onRemoved={(name, to, d) => { setRemoving(null); setDeparture({ name, to, d }); props.onChanged(); }}
      />
    </section>
  );
}

type Member = NonNullable<NonNullable<NonNullable<Org["members"]["edges"]>[number]>["node"]>;

// ReassignSelect picks who receives a departing member's projects, tasks
// and jobs; "" clears their assignments.
export function ReassignSelect(props: { id: string; members: Member[]; value: string; onChange: (v: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>Reassign their work to</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">Nobody: clear the assignments</option>
        {props.members.map((m) => <option value={m.id}>{m.user.username} ({roleNames[m.role]})</option>)}
      </select>
    </div>
  );
}

function RemoveDialog(props: { org: Org; member: Member | null; others: Member[]; onClose: () => void; onRemoved: (name: string, to: string, d: RemoveMemberMutation["removeMember"]) => void }) {
  const [to, setTo] = useState("");
  const a = useAction();
  const m = props.member;
  const close = () => { setTo(""); a.setError(null); props.onClose(); };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!m) return;
    const name = props.others.find((o) => o.id === to)?.user.username ?? "";
    a.run(async () => {
      const r = await gql(RemoveMemberDoc, { m: m.id, to: to || null });
      setTo("");
      props.onRemoved(m.user.username, name, r.removeMember);
    });
  };
  return (
    <Dialog title={`Remove ${m?.user.username ?? ""} from ${props.org.slug}?`} open={!!m} onClose={close}>
      <form onSubmit={submit}>
        <p>They lose access to its work. Their assigned projects, tasks and jobs are handed over or left unassigned.</p>
        <ReassignSelect id="remove-to" members={props.others} value={to} onChange={setTo} />
        <ErrorText error={a.error} />
        <div class="row">
          <button type="submit" class="destructive" disabled={a.busy}>Remove {m?.user.username}</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

function Departure(props: { name: string; to: string; d: RemoveMemberMutation["removeMember"] }) {
  const { d } = props;
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? "" : "s"}`;
  return (
    <p role="status" class="departure">
      Removed {props.name}. {props.to ? `Moved to ${props.to}` : "Unassigned"}: {n(d.projects.length, "project")}, {n(d.tasks.length, "task")}, {n(d.jobs.length, "job")}.
    </p>
  );
}

export function Invitations(props: { org: Org; onChanged: () => void }) {
  const can = props.org.viewerCan;
  const [open, setOpen] = useState(false);
  const a = useAction();
  const invitations = (props.org.invitations.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const act = (f: () => Promise<unknown>) => a.run(f).then((ok) => ok && props.onChanged());
  return (
    <section aria-labelledby="inv-h">
      <h2 id="inv-h">Pending invitations</h2>
      <div class="row">
        <button type="button" class="primary" disabled={!can?.invite.allowed} onClick={() => setOpen(true)}>
          Invite members
        </button>
        <Reason reason={can?.invite.reason} />
      </div>
      {can?.seeInvitations.allowed ? (
        invitations.length === 0 ? (
          <Empty>No pending invitations.</Empty>
        ) : (
          <ul class="cards" aria-label="Pending invitations">
            {invitations.map((i) => (
              <li class="card" data-invitation={i.email}>
                <strong>{i.email}</strong> as {roleNames[i.role]}
                <p class="muted">
                  Sent by {i.invitedBy?.username ?? "—"} on {formatTime(i.sentAt)}, expires {formatTime(i.expiresAt)}
                </p>
                {i.viewerCan.manage.allowed ? (
                  <div class="row">
                    <button type="button" disabled={a.busy} onClick={() => act(() => gql(ResendDoc, { id: i.id }))}>Resend to {i.email}</button>
                    <button type="button" class="destructive" disabled={a.busy} onClick={() => act(() => gql(RevokeDoc, { id: i.id }))}>Revoke {i.email}</button>
                  </div>
                ) : (
                  <Reason reason={i.viewerCan.manage.reason} />
                )}
              </li>
            ))}
          </ul>
        )
      ) : (
        <Reason reason={can?.seeInvitations.reason} />
      )}
      <ErrorText error={a.error} />
      <InviteDialog org={props.org} open={open} onClose={() => setOpen(false)} onInvited={props.onChanged} />
    </section>
  );
}

function InviteDialog(props: { org: Org; open: boolean; onClose: () => void; onInvited: () => void }) {
  const roles = props.org.viewerCan?.inviteRoles ?? [];
  const [emails, setEmails] = useState("");
  const [role, setRole] = useState<Role>("WORKER");
  const [results, setResults] = useState<{ email: string; error?: string }[]>([]);
  const a = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const list = emails.split(/[\s,;]+/).filter(Boolean);
    a.run(async () => {
      if (list.length === 0) throw new Error("Enter at least one email address.");
      const out: { email: string; error?: string }[] = [];
      for (const email of list) {
        try {
          await gql(InviteDoc, { input: { organizationID: props.org.id, email, role } });
          out.push({ email });
        } catch (err) {
          out.push({ email, error: (err as Error).message });
        }
      }
      setResults(out);
      props.onInvited();
      if (out.every((r) => !r.error)) {
        setEmails("");
        props.onClose();
      }
    });
  };
  return (
    <Dialog title="Invite members" open={props.open} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Email addresses" value={emails} onInput={setEmails} multiline hint="One or several, separated by commas, spaces or new lines" />
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {roles.map((r) => <option value={r}>{roleNames[r]}</option>)}
          </select>
        </div>
        {results.some((r) => r.error) ? (
          <ul class="error" role="alert">
            {results.map((r) => <li>{r.email}: {r.error ?? "invited"}</li>)}
          </ul>
        ) : null}
        <ErrorText error={a.error} />
        <div class="row">
          <button type="submit" class="primary" disabled={a.busy}>{a.busy ? "Inviting…" : "Invite"}</button>
          <button type="button" onClick={props.onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
